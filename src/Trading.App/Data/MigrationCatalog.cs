using System.Globalization;
using System.Text.RegularExpressions;
using Trading.App.Settings;

namespace Trading.App.Data;

/// <summary>
/// The migrations this build of the app was shipped with, read from its migrations/ directory (SQLite) or
/// migrations/postgresql/ (PostgreSQL). <paramref name="displayDirectory"/> names the directory in messages.
/// </summary>
public sealed partial class MigrationCatalog(string directory, string displayDirectory = MigrationCatalog.DirectoryName)
{
    public const string DirectoryName = "migrations";
    public const string PostgreSqlDirectoryName = "migrations/postgresql";

    public string Directory { get; } = directory;

    /// <summary>The directory as it sits in the app's output, e.g. migrations/postgresql.</summary>
    public string DisplayDirectory { get; } = displayDirectory;

    /// <summary>The migrations for <paramref name="engine"/> next to the app's assemblies, where the build copies them.</summary>
    public static MigrationCatalog ForApp(DatabaseEngine engine = DatabaseEngine.Sqlite) => ForEngine(AppContext.BaseDirectory, engine);

    /// <summary>The migrations for <paramref name="engine"/> under <paramref name="baseDirectory"/>, laid out as in the app's output.</summary>
    public static MigrationCatalog ForEngine(string baseDirectory, DatabaseEngine engine)
    {
        var relative = engine == DatabaseEngine.PostgreSql ? PostgreSqlDirectoryName : DirectoryName;
        return new(Path.Combine(baseDirectory, relative), relative);
    }

    /// <summary>Every migration, ordered by version.</summary>
    /// <exception cref="InvalidOperationException">The directory is missing or holds a malformed set.</exception>
    public IReadOnlyList<AppMigration> ReadAll()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            throw new InvalidOperationException($"{Directory}: the app's migrations directory does not exist; the build output is incomplete.");
        }

        var migrations = new List<AppMigration>();
        foreach (var path in System.IO.Directory.GetFiles(Directory, "*.up.sql"))
        {
            var match = FileName().Match(Path.GetFileName(path));
            if (!match.Success)
            {
                throw new InvalidOperationException($"{path}: not a migration file name; expected NNNN_name.up.sql.");
            }

            migrations.Add(new AppMigration(int.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture), match.Groups["name"].Value, path, DisplayDirectory));
        }

        var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"{Directory}: version {duplicate.Key:D4} is used by more than one migration.");
        }

        return migrations.Count == 0
            ? throw new InvalidOperationException($"{Directory}: holds no NNNN_name.up.sql migrations; the build output is incomplete.")
            : migrations.OrderBy(m => m.Version).ToList();
    }

    /// <summary>The highest-numbered migration: the schema version this build expects.</summary>
    public AppMigration Latest() => ReadAll()[^1];

    [GeneratedRegex(@"^(?<version>\d{4})_(?<name>[a-z0-9_]+)\.up\.sql$")]
    private static partial Regex FileName();
}
