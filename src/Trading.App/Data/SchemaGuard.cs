using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Trading.App.Data;

/// <summary>
/// Compares the database's applied schema version (the highest version in schema_migrations, which the
/// pipeline writes when it migrates) with the highest migration shipped with this build. The app serves
/// only when they are equal.
/// </summary>
public sealed class SchemaGuard(TradingDatabase database, MigrationCatalog migrations)
{
    private const string DeployHint = "apply pending migrations with ./build.sh --target=Deploy";

    public SchemaCheck Check()
    {
        AppMigration expected;
        try
        {
            expected = migrations.Latest();
        }
        catch (InvalidOperationException ex)
        {
            return new SchemaCheck(false, null, null, ex.Message);
        }

        var name = database.DisplayName;
        var wanted = $"this build of the app expects {expected.Version} ({expected.RelativePath})";
        var wantedVersion = $"this build of the app expects schema version {expected.Version} ({expected.RelativePath})";
        if (!File.Exists(database.FilePath))
        {
            return Fail(null, $"{name}: no database at {database.FilePath}; {wantedVersion}; {DeployHint}");
        }

        int? applied;
        try
        {
            applied = ReadAppliedVersion();
        }
        catch (SqliteException ex)
        {
            return Fail(null, $"{name}: cannot read the database at {database.FilePath}: {ex.Message}");
        }

        if (applied is null)
        {
            return Fail(null, $"{name}: has no schema_migrations table, so no migration was ever applied; {wantedVersion}; {DeployHint}");
        }

        var found = $"{name}: schema version {applied}, {wanted}";
        if (applied < expected.Version)
        {
            return Fail(applied, $"{found}; {DeployHint}");
        }

        return applied > expected.Version
            ? Fail(applied, $"{found}; the database is newer than this build: deploy the release that matches it, or roll the database back")
            : new SchemaCheck(true, applied, expected.Version, $"{name}: schema version {applied}, as this build of the app expects");

        SchemaCheck Fail(int? version, string message) => new(false, version, expected.Version, message);
    }

    /// <summary>The highest applied version, 0 when none is recorded, or null without a schema_migrations table.</summary>
    private int? ReadAppliedVersion()
    {
        using var connection = database.Open();
        using var exists = connection.CreateCommand();
        exists.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'";
        if (Convert.ToInt64(exists.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
        {
            return null;
        }

        using var version = connection.CreateCommand();
        version.CommandText = "SELECT coalesce(max(version), 0) FROM schema_migrations";
        return Convert.ToInt32(version.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
