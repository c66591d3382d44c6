using System.Text.RegularExpressions;

namespace Pipeline.Core.Web;

/// <summary>
/// The Cache-Control of a site file: the first configured rule whose pattern matches wins; without a match, HTML is
/// revalidated on every request, fingerprinted assets are cached for a year, and everything else for five minutes.
/// </summary>
public sealed partial class CacheControlPolicy
{
    public const string Html = "no-cache";
    public const string Fingerprinted = "public, max-age=31536000, immutable";
    public const string Other = "public, max-age=300";

    private readonly IReadOnlyList<(GlobPattern Pattern, string Value)> rules;

    public CacheControlPolicy(IReadOnlyList<CacheRule>? rules = null)
    {
        this.rules = (rules ?? []).Select(rule =>
        {
            if (string.IsNullOrWhiteSpace(rule.Value))
            {
                throw new ArgumentException($"Cache rule '{rule.Pattern}' has an empty Cache-Control value.", nameof(rules));
            }

            return (new GlobPattern(rule.Pattern), rule.Value);
        }).ToList();
    }

    public string For(string path, string contentType)
    {
        foreach (var (pattern, value) in rules)
        {
            if (pattern.IsMatch(path))
            {
                return value;
            }
        }

        if (ContentTypeTable.IsHtml(contentType))
        {
            return Html;
        }

        return IsFingerprinted(path) ? Fingerprinted : Other;
    }

    /// <summary>A name carrying a content hash of 8 or more hex digits as its own dot-, dash- or underscore-separated segment: app.3f2a9c1b.js, chunk-0a1b2c3d4e.css.</summary>
    public static bool IsFingerprinted(string path) => FingerprintSegment().IsMatch(path[(path.LastIndexOf('/') + 1)..]);

    [GeneratedRegex(@"[._-][0-9a-fA-F]{8,}(?=[._-])")]
    private static partial Regex FingerprintSegment();
}
