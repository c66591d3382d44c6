using System.Globalization;
using System.Text.RegularExpressions;

namespace Pipeline.Core.Databases.PostgreSql;

/// <summary>
/// PostgreSQL versions as far as dump compatibility goes: pg_dump can dump servers of its own major version and
/// older, never newer ones, so the client's major must be at least the server's.
/// </summary>
public static partial class PostgreSqlVersion
{
    /// <summary>The major version from SHOW server_version_num, e.g. 150018 is 15 (and 90624 is 9).</summary>
    public static int MajorFromServerVersionNum(string serverVersionNum) =>
        int.TryParse(serverVersionNum, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 90000
            ? number / 10000
            : throw new PostgreSqlException($"server_version_num \"{serverVersionNum}\" is not a PostgreSQL version number; expected six digits such as 150018.");

    /// <summary>The major version from a client tool's --version line, e.g. "pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)" is 15.</summary>
    public static int MajorFromToolVersion(string tool, string versionLine)
    {
        var match = ToolVersion().Match(versionLine);
        return match.Success
            ? int.Parse(match.Groups["major"].Value, CultureInfo.InvariantCulture)
            : throw new PostgreSqlException($"{tool} --version printed \"{versionLine}\"; expected \"{tool} (PostgreSQL) <major>.<minor>\".");
    }

    /// <summary>Refuses, before anything is done, a pg_dump older than the server it would dump.</summary>
    public static void EnsureCanDump(int pgDumpMajor, int serverMajor)
    {
        if (pgDumpMajor < serverMajor)
        {
            throw new PostgreSqlException(
                $"pg_dump {pgDumpMajor} cannot dump a PostgreSQL {serverMajor} server; install postgresql-client-{serverMajor} (apt-get install postgresql-client-{serverMajor}).");
        }
    }

    [GeneratedRegex(@"\(PostgreSQL\)\s+(?<major>\d+)(\.\d+)?")]
    private static partial Regex ToolVersion();
}
