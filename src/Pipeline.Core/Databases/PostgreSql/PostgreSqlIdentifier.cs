using System.Text.RegularExpressions;

namespace Pipeline.Core.Databases.PostgreSql;

/// <summary>
/// Names this code puts into SQL and onto tool command lines (databases for scratch restores): plain lower-case
/// identifiers only, so quoting them can never change the statement.
/// </summary>
public static partial class PostgreSqlIdentifier
{
    public static string Validate(string name, string what) =>
        Plain().IsMatch(name)
            ? name
            : throw new PostgreSqlException($"{what} name \"{name}\" is not a plain identifier; expected 1-63 characters of a-z, 0-9 and _, starting with a letter or _.");

    /// <summary>The name double-quoted for SQL; callers have validated it or read it from the catalog.</summary>
    public static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex Plain();
}
