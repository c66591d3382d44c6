using System.Globalization;
using System.Text.RegularExpressions;

namespace Trading.App.Data;

/// <summary>The migrations this build of the app was shipped with, read from its migrations/ directory.</summary>
public sealed partial class MigrationCatalog(string directory)
{
    public const string DirectoryName = "migrations";

    public string Directory { get; } = directory;

    /// <summary>The migrations/ directory next to the app's assemblies, where the build copies them.</summary>
    public static MigrationCatalog ForApp() => new(Path.Combine(AppContext.BaseDirectory, DirectoryName));

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

            migrations.Add(new AppMigration(int.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture), match.Groups["name"].Value, path));
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
