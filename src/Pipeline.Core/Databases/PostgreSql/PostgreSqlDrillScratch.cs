using Npgsql;
using Pipeline.Core.Backups;
using Pipeline.Core.Database;

namespace Pipeline.Core.Databases.PostgreSql;

/// <summary>A backup restored into a new database on the live server, named drill_&lt;random&gt;, dropped afterwards.</summary>
public sealed class PostgreSqlDrillScratch(PostgreSqlConnectionInfo live, PostgreSqlEngine engine, EngineBackupService backups, BackupManifest backup, string appliedBy, string environment) : IDrillScratch
{
    private bool created;

    public string Name { get; } = $"drill_{Guid.NewGuid():N}"[..20];

    public async Task RestoreAsync(CancellationToken cancellationToken = default)
    {
        await engine.CreateDatabaseAsync(Name, cancellationToken).ConfigureAwait(false);
        created = true;
        await backups.RestoreAsync(backup.Id, Name, cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyDictionary<string, long>> CountAsync(CancellationToken cancellationToken = default) => engine.CountAsync(Name, cancellationToken);

    public async Task<IReadOnlyList<AppliedMigration>> MigrateAsync(string migrationsDirectory, CancellationToken cancellationToken = default)
    {
        var applied = await new PostgreSqlMigrator(live.ForDatabase(Name), migrationsDirectory, appliedBy, environment).MigrateAsync(cancellationToken).ConfigureAwait(false);
        return applied.Select(a => new AppliedMigration(a.Version, a.Name, a.Checksum, a.AppliedAt, a.AppliedBy, a.DurationMs)).ToList();
    }

    public async Task HealthQueryAsync(string sql, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(live.ForDatabase(Name).ToConnectionString(pooling: false));
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (created)
        {
            await engine.DropDatabaseAsync(Name).ConfigureAwait(false);
        }
    }
}
