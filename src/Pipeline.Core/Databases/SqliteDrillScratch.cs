using Microsoft.Data.Sqlite;
using Pipeline.Core.Backups;
using Pipeline.Core.Database;

namespace Pipeline.Core.Databases;

/// <summary>A backup restored into a temporary SQLite file.</summary>
public sealed class SqliteDrillScratch(SqliteBackupService backups, BackupManifest backup, string appliedBy) : IDrillScratch
{
    private readonly string directory = Directory.CreateTempSubdirectory("pipeline-drill-").FullName;

    public string Name => Path.Combine(directory, "drill.sqlite");

    public Task RestoreAsync(CancellationToken cancellationToken = default)
    {
        backups.Restore(backup.Id, Name);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyDictionary<string, long>> CountAsync(CancellationToken cancellationToken = default) => Task.FromResult(SqliteSnapshot.RowCounts(Name));

    public Task<IReadOnlyList<AppliedMigration>> MigrateAsync(string migrationsDirectory, CancellationToken cancellationToken = default) =>
        Task.FromResult(new SqliteMigrator(Name, migrationsDirectory, appliedBy).Apply());

    public async Task HealthQueryAsync(string sql, CancellationToken cancellationToken = default)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Name, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(directory, recursive: true);
        return ValueTask.CompletedTask;
    }
}
