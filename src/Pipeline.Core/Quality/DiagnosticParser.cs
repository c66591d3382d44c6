using System.Text.RegularExpressions;

namespace Pipeline.Core.Quality;

/// <summary>
/// Reads findings out of tool output: MSBuild/Roslyn and dotnet format print
/// "path(line,col): error CODE: message [project]"; yamllint -f parsable prints
/// "path:line:col: [error] message (rule)". Paths are made relative to the repository root.
/// </summary>
public static partial class DiagnosticParser
{
    public static IReadOnlyList<Finding> Parse(IEnumerable<string> lines, string root) =>
        lines.Select(line => ParseLine(line, root)).OfType<Finding>().Distinct().ToList();

    public static Finding? ParseLine(string line, string root)
    {
        var msbuild = MsBuild().Match(line);
        if (msbuild.Success)
        {
            return Create(msbuild, root);
        }

        var yaml = YamlLint().Match(line);
        return yaml.Success ? Create(yaml, root) : null;
    }

    private static Finding Create(Match match, string root)
    {
        var severity = match.Groups["severity"].Value.Equals("error", StringComparison.OrdinalIgnoreCase) ? FindingSeverity.Error : FindingSeverity.Warning;
        return new Finding(
            Relative(match.Groups["file"].Value.Trim(), root),
            int.Parse(match.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(match.Groups["column"].Value, System.Globalization.CultureInfo.InvariantCulture),
            severity,
            match.Groups["code"].Value,
            HelpLink().Replace(match.Groups["message"].Value, string.Empty).Trim());
    }

    private static string Relative(string file, string root)
    {
        var full = Path.GetFullPath(file, root);
        var relative = Path.GetRelativePath(root, full);
        return relative.StartsWith("..", StringComparison.Ordinal) ? full : relative.Replace('\\', '/');
    }

    [GeneratedRegex(@"^\s*(?<file>[^():]+(?:\.[A-Za-z]+))\((?<line>\d+),(?<column>\d+)(?:,\d+,\d+)?\):\s*(?<severity>error|warning)\s+(?<code>[A-Za-z0-9_]+):\s*(?<message>.*?)(?:\s+\[[^\]]+\])?\s*$")]
    private static partial Regex MsBuild();

    // Analyzers append "(https://...)" to the same message dotnet format prints without it.
    [GeneratedRegex(@"\s*\(https?://[^)]*\)\s*$")]
    private static partial Regex HelpLink();

    [GeneratedRegex(@"^(?<file>[^:]+\.ya?ml):(?<line>\d+):(?<column>\d+):\s*\[(?<severity>error|warning)\]\s*(?<message>.*?)\s*\((?<code>[a-z0-9-]+)\)\s*$")]
    private static partial Regex YamlLint();
}
