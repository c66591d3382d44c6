using System.Text.RegularExpressions;

namespace Pipeline.Core.Databases.MongoDb;

/// <summary>What the pipeline needs to know about a MongoDB connection string, and how to keep it out of text.</summary>
public static partial class MongoUri
{
    public const string Masked = "[connection string]";

    /// <summary>
    /// True when the connection string names a replica set (replicaSet=…) or uses mongodb+srv://, which
    /// always resolves to a replica set or sharded cluster; only those have an oplog to dump.
    /// </summary>
    public static bool IsReplicaSet(string uri)
    {
        if (uri.StartsWith("mongodb+srv://", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var query = uri.IndexOf('?', StringComparison.Ordinal);
        if (query < 0)
        {
            return false;
        }

        // ';' is the legacy option separator the tools still accept.
        return uri[(query + 1)..]
            .Split('&', ';')
            .Select(option => option.Split('=', 2))
            .Any(pair => pair.Length == 2 && pair[0].Equals("replicaSet", StringComparison.OrdinalIgnoreCase) && pair[1].Length > 0);
    }

    /// <summary>
    /// True when the connection string's path names a database (mongodb://host/app). The tools then work on that
    /// database alone, as if --db were given, and mongodump refuses --oplog, which needs a full dump.
    /// </summary>
    public static bool NamesDatabase(string uri)
    {
        var scheme = uri.IndexOf("://", StringComparison.Ordinal);
        var path = scheme < 0 ? -1 : uri.IndexOf('/', scheme + 3);
        return path >= 0 && uri[(path + 1)..].Split('?')[0].Length > 0;
    }

    /// <summary>
    /// <paramref name="text"/> with <paramref name="uri"/>, its password and any credentials of any MongoDB
    /// URI replaced, so tool output can go into errors and logs.
    /// </summary>
    public static string Mask(string text, string? uri)
    {
        if (!string.IsNullOrEmpty(uri))
        {
            text = text.Replace(uri, Masked, StringComparison.Ordinal);
            var password = Password(uri);
            // A very short password would also blank out unrelated words; the credential pattern below still covers it in URIs.
            if (password is { Length: >= 4 })
            {
                text = text.Replace(password, "***", StringComparison.Ordinal);
                text = text.Replace(Uri.UnescapeDataString(password), "***", StringComparison.Ordinal);
            }
        }

        return Credentials().Replace(text, "${scheme}***@");
    }

    private static string? Password(string uri)
    {
        var scheme = uri.IndexOf("://", StringComparison.Ordinal);
        var at = uri.LastIndexOf('@');
        if (scheme < 0 || at < scheme)
        {
            return null;
        }

        var userInfo = uri[(scheme + 3)..at];
        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? null : userInfo[(colon + 1)..];
    }

    [GeneratedRegex(@"(?<scheme>mongodb(\+srv)?://)[^\s/@]+@", RegexOptions.IgnoreCase)]
    private static partial Regex Credentials();
}
