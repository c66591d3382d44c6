using System.Text;

namespace Pipeline.Core.Aws.CloudFront;

/// <summary>
/// A live path written the way CloudFront's invalidation API wants it: leading '/', non-ASCII and RFC 1738 "unsafe"
/// characters percent-encoded, everything else left alone. CloudFront matches invalidation paths against the
/// encoded request path, so encoding more than that (a '/' or a '+') would invalidate nothing.
/// </summary>
public static class CloudFrontPath
{
    // RFC 1738 section 2.2 "unsafe" characters. '*' is added: an invalidation path ending in '*' is a wildcard,
    // so a file name containing one must not become one.
    private const string Unsafe = " \"#%<>[\\]^`{|}~*";

    /// <summary>Encodes a raw (not yet encoded) path such as "assets/app v2.js" to "/assets/app%20v2.js".</summary>
    public static string Encode(string rawPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rawPath);
        var path = rawPath.StartsWith('/') ? rawPath : "/" + rawPath;
        var encoded = new StringBuilder(path.Length);
        foreach (var b in Encoding.UTF8.GetBytes(path))
        {
            if (b is < 0x21 or >= 0x7F || Unsafe.Contains((char)b, StringComparison.Ordinal))
            {
                encoded.Append('%').Append(b.ToString("X2"));
            }
            else
            {
                encoded.Append((char)b);
            }
        }

        return encoded.ToString();
    }
}
