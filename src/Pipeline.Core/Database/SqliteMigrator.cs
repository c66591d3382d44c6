using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Pipeline.Core.Database;

/// <summary>
/// Applies versioned migrations to a SQLite database, each in its own transaction, recorded in
/// schema_migrations with its checksum. Before anything runs, the applied history is validated against
/// the files (Flyway's validate): a changed or missing applied migration is an error. SQLite has
/// transactional DDL, so a failed migration leaves the schema exactly as before it.
/// </summary>
public sealed class SqliteMigrator(string databasePath, string migrationsDirectory, string appliedBy) : Databases.ISchemaMigrator
{
    private const string HistoryTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            checksum TEXT NOT NULL,
            applied_at TEXT NOT NULL,
            applied_by TEXT NOT NULL,
            duration_ms INTEGER NOT NULL)
        """;

    public MigrationPlan Plan()
    {
        var files = MigrationFile.ReadAll(migrationsDirectory);
        var applied = File.Exists(databasePath) ? ReadApplied() : [];
        Validate(files, applied);
        var current = applied.Count > 0 ? applied.Max(a => a.Version) : 0;
        return new MigrationPlan(current, files.Where(f => f.Version > current).ToList());
    }

    /// <summary>Applies every pending migration in order and returns what was applied.</summary>
    public IReadOnlyList<AppliedMigration> Apply(Action<string>? progress = null)
    {
        var plan = Plan();
        var applied = new List<AppliedMigration>();
        using var connection = Open();
        Execute(connection, null, HistoryTable);
        foreach (var migration in plan.Pending)
        {
            progress?.Invoke($"migration {migration.Version:D4}_{migration.Name}: applying");
            applied.Add(ApplyOne(connection, migration));
            progress?.Invoke($"migration {migration.Version:D4}_{migration.Name}: applied in {applied[^1].DurationMs} ms");
        }

        return applied;
    }

    public IReadOnlyList<int> Down(int targetVersion, Action<string>? progress = null) =>
        throw new MigrationException(
            $"{databasePath}: SQLite migrations are undone by restoring the backup the deploy took (Rollback --component=database), not by down files.");

    public void Repair(int version) =>
        throw new MigrationException(
            $"{databasePath}: nothing to repair; SQLite applies each migration and its history row in one transaction, so a failed migration leaves no trace.");

    public IReadOnlyList<AppliedMigration> ReadApplied()
    {
        using var connection = Open();
        if (!TableExists(connection))
        {
            return [];
        }

        using var command = connection.CreateCommand();
        command.CommandText = "SELECT version, name, checksum, applied_at, applied_by, duration_ms FROM schema_migrations ORDER BY version";
        using var reader = command.ExecuteReader();
        var rows = new List<AppliedMigration>();
        while (reader.Read())
        {
            rows.Add(new AppliedMigration(
                reader.GetInt32(0),
                reader.GetString(1),
                reader.GetString(2),
                DateTimeOffset.Parse(reader.GetString(3), CultureInfo.InvariantCulture),
                reader.GetString(4),
                reader.GetInt64(5)));
        }

        return rows;
    }

    private AppliedMigration ApplyOne(SqliteConnection connection, MigrationFile migration)
    {
        var sql = File.ReadAllText(migration.UpPath);
        var watch = Stopwatch.StartNew();
        using var transaction = connection.BeginTransaction();
        try
        {
            Execute(connection, transaction, sql);
            var row = new AppliedMigration(migration.Version, migration.Name, migration.Checksum, DateTimeOffset.UtcNow, appliedBy, watch.ElapsedMilliseconds);
            using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO schema_migrations (version, name, checksum, applied_at, applied_by, duration_ms) VALUES ($v, $n, $c, $a, $b, $d)";
            record.Parameters.AddWithValue("$v", row.Version);
            record.Parameters.AddWithValue("$n", row.Name);
            record.Parameters.AddWithValue("$c", row.Checksum);
            record.Parameters.AddWithValue("$a", row.AppliedAt.ToString("O", CultureInfo.InvariantCulture));
            record.Parameters.AddWithValue("$b", row.AppliedBy);
            record.Parameters.AddWithValue("$d", row.DurationMs);
            record.ExecuteNonQuery();
            transaction.Commit();
            return row;
        }
        catch (SqliteException ex)
        {
            transaction.Rollback();
            throw new MigrationException(
                $"{migration.UpPath}: migration {migration.Version:D4} failed and was rolled back; the database is still at its previous version. "
                + $"SQLite said: {ex.Message}. Fix the migration file and deploy again.",
                ex);
        }
    }

    private static void Validate(IReadOnlyList<MigrationFile> files, IReadOnlyList<AppliedMigration> applied)
    {
        var byVersion = files.ToDictionary(f => f.Version);
        foreach (var row in applied)
        {
            if (!byVersion.TryGetValue(row.Version, out var file))
            {
                throw new MigrationException(
                    $"schema_migrations records version {row.Version:D4} ({row.Name}), but no {row.Version:D4}_*.up.sql exists in the migrations; the database is newer than this release. Deploy a release that contains it, or roll the database back.");
            }

            if (file.Checksum != row.Checksum)
            {
                throw new MigrationException(
                    $"{file.UpPath}: applied migration {row.Version:D4} has changed since it ran (checksum {row.Checksum[..12]}... recorded, {file.Checksum[..12]}... now). Applied migrations are immutable: restore the file and add a new migration instead.");
            }
        }

        var current = applied.Count > 0 ? applied.Max(a => a.Version) : 0;
        var appliedVersions = applied.Select(a => a.Version).ToHashSet();
        var skipped = files.FirstOrDefault(f => f.Version < current && !appliedVersions.Contains(f.Version));
        if (skipped is not null)
        {
            throw new MigrationException(
                $"{skipped.UpPath}: migration {skipped.Version:D4} is older than the database's version {current:D4} but was never applied; renumber it above {current:D4}.");
        }
    }

    private SqliteConnection Open()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databasePath))!);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static bool TableExists(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) > 0;
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
