namespace Pipeline.Core.State.S3;

/// <summary>Key rules of the S3 state store: the same as the local store's, so a key valid in one is valid in the other.</summary>
internal static class S3StateKeys
{
    public static void Check(string key)
    {
        if (string.IsNullOrWhiteSpace(key) || key.StartsWith('/') || key.Split('/').Any(part => part is "" or "." or ".."))
        {
            throw new ArgumentException($"\"{key}\" is not a state store key; expected '/'-separated names without '.' or '..' parts.", nameof(key));
        }
    }

    /// <summary>"" for the bucket's root, otherwise the prefix with exactly one trailing '/'.</summary>
    public static string NormalizePrefix(string prefix)
    {
        var trimmed = prefix.Trim('/');
        if (trimmed.Length > 0)
        {
            Check(trimmed);
        }

        return trimmed.Length == 0 ? string.Empty : trimmed + "/";
    }
}
