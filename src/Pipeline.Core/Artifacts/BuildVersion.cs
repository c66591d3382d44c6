using System.Globalization;
using System.Text.RegularExpressions;

namespace Pipeline.Core.Artifacts;

/// <summary>
/// The version of a build: yyyy.MM.dd-&lt;short commit&gt; from the commit's own date, so the same commit always
/// gets the same version; "-dirty" when the work tree has uncommitted changes.
/// </summary>
public sealed partial record BuildVersion(string Version, string Commit, string Branch, bool Dirty)
{
    public const string DirtyMarker = "-dirty";

    public static string Format(DateTimeOffset commitDate, string shortCommit, bool dirty) =>
        $"{commitDate.UtcDateTime.ToString("yyyy.MM.dd", CultureInfo.InvariantCulture)}-{shortCommit}{(dirty ? DirtyMarker : string.Empty)}";

    /// <summary>A version given with --app-version: it becomes a directory and file name, so it is restricted.</summary>
    public static string ValidateOverride(string value, string flag = "--app-version") =>
        Allowed().IsMatch(value)
            ? value
            : throw new ArgumentException($"{flag}: \"{value}\" is not a usable version; expected letters, digits, '.', '-' and '_' only (e.g. 2026.11.22-3f9c2ab).");

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex Allowed();
}
