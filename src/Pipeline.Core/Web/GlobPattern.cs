using System.Text;
using System.Text.RegularExpressions;

namespace Pipeline.Core.Web;

/// <summary>
/// A file glob over site paths ("assets/app.js"): '*' matches within one path segment, '**' across segments,
/// '?' one character. A pattern without '/' is matched against the file name alone, as in .gitignore, so "*.html"
/// means every HTML file at any depth. Matching ignores case.
/// </summary>
public sealed class GlobPattern
{
    private readonly Regex regex;
    private readonly bool matchesNameOnly;

    public GlobPattern(string pattern)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        Pattern = pattern;
        matchesNameOnly = !pattern.Contains('/', StringComparison.Ordinal);
        regex = new Regex(ToRegex(pattern.TrimStart('/')), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    public string Pattern { get; }

    public bool IsMatch(string path) => regex.IsMatch(matchesNameOnly ? path[(path.LastIndexOf('/') + 1)..] : path);

    public override string ToString() => Pattern;

    private static string ToRegex(string pattern)
    {
        var builder = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                var followedBySlash = i + 2 < pattern.Length && pattern[i + 2] == '/';
                builder.Append(followedBySlash ? "(?:.*/)?" : ".*");
                i += followedBySlash ? 2 : 1;
            }
            else if (c == '*')
            {
                builder.Append("[^/]*");
            }
            else if (c == '?')
            {
                builder.Append("[^/]");
            }
            else
            {
                builder.Append(Regex.Escape(c.ToString()));
            }
        }

        return builder.Append('$').ToString();
    }
}
