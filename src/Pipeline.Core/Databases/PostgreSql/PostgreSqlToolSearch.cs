using System.Globalization;

namespace Pipeline.Core.Databases.PostgreSql;

/// <summary>
/// Where the PostgreSQL client tools are looked for: the directories of <see cref="SearchPath"/> (PATH by default),
/// then <see cref="InstallationRoot"/>/&lt;major&gt;/bin, newest major first, which is where Debian's
/// postgresql-client-&lt;major&gt; packages put them without linking them onto PATH.
/// </summary>
public sealed record PostgreSqlToolSearch(string SearchPath, string InstallationRoot)
{
    public const string DebianInstallationRoot = "/usr/lib/postgresql";

    public static PostgreSqlToolSearch Default =>
        new(Environment.GetEnvironmentVariable("PATH") ?? string.Empty, DebianInstallationRoot);

    /// <summary>The bin directories of the installed majors, newest first.</summary>
    public IReadOnlyList<string> VersionedBinDirectories()
    {
        if (!Directory.Exists(InstallationRoot))
        {
            return [];
        }

        return Directory.GetDirectories(InstallationRoot)
            .Select(d => (Directory: d, Major: int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var major) ? major : -1))
            .Where(d => d.Major > 0)
            .OrderByDescending(d => d.Major)
            .Select(d => Path.Combine(d.Directory, "bin"))
            .ToList();
    }

    /// <summary>The error for a tool found nowhere: which tool, where it looked, how to install it.</summary>
    public PostgreSqlException NotInstalled(string tool)
    {
        var path = string.IsNullOrEmpty(SearchPath) ? "PATH (empty)" : $"PATH ({SearchPath})";
        return new PostgreSqlException(
            $"{tool} is not installed: looked in {path} and {InstallationRoot}/<major>/bin. "
            + "Install the PostgreSQL client tools with `apt-get install postgresql-client` "
            + "(or postgresql-client-<major> to match a newer server).");
    }
}
