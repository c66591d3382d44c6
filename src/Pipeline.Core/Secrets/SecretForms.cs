using System.Text.Json;

namespace Pipeline.Core.Secrets;

/// <summary>
/// The text a secret value can turn up as once something has echoed it: the value itself; for a URL its user
/// info; for an http(s) URL also its path and query, its last path segment and its query values (a webhook's
/// token travels in the path, and a server answering "no hook at /services/T0/B0/token" echoes only that);
/// each also percent-encoded and JSON-escaped as error pages and JSON bodies write them.
/// </summary>
public static class SecretForms
{
    // A shorter part of a URL (a path segment such as "v2" or "hooks") is an ordinary word, not a secret.
    private const int MinimumPartLength = 8;

    /// <summary>Every form of <paramref name="secret"/> to mask, longest first; none shorter than <paramref name="minimumLength"/>.</summary>
    public static IReadOnlyList<string> Of(string secret, int minimumLength)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var plain = new List<string> { secret };
        plain.AddRange(UrlParts(secret).Where(p => p.Length >= MinimumPartLength || p.StartsWith('/')));
        return plain
            .SelectMany(p => new[] { p, Uri.EscapeDataString(p), JsonEncodedText.Encode(p).Value, p.Replace("/", "\\/", StringComparison.Ordinal) })
            .Where(f => f.Length >= minimumLength)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(f => f.Length)
            .ToList();
    }

    private static IEnumerable<string> UrlParts(string secret)
    {
        var schemeEnd = secret.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0 || !Uri.TryCreate(secret, UriKind.Absolute, out var uri))
        {
            yield break;
        }

        if (uri.UserInfo.Length > 0)
        {
            yield return uri.UserInfo;
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            if (colon >= 0)
            {
                yield return uri.UserInfo[(colon + 1)..];
            }
        }

        // A web URL may carry its token in the path or query; a database URL's path only names the database.
        if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
        {
            yield break;
        }

        // The path as written in the secret, and as Uri normalizes it (which is what an HTTP request line carries).
        var pathStart = secret.IndexOf('/', schemeEnd + 3);
        if (pathStart > 0 && secret.Length - pathStart > 1)
        {
            yield return secret[pathStart..];
        }

        if (uri.PathAndQuery.Length > 1)
        {
            yield return uri.PathAndQuery;
            yield return uri.AbsolutePath;
        }

        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length > 0)
        {
            yield return Uri.UnescapeDataString(segments[^1]);
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                yield return Uri.UnescapeDataString(pair[(equals + 1)..]);
            }
        }
    }
}
