using Pipeline.Core.Database;

namespace Pipeline.Core.Databases;

/// <summary>
/// A scratch copy of a backup, never the live database: restored, counted, migrated and queried by the
/// rollback drill, and removed when disposed.
/// </summary>
public interface IDrillScratch : IAsyncDisposable
{
    /// <summary>Where the copy is, for the report (a file, a database name).</summary>
    string Name { get; }

    /// <summary>Verifies the backup (checksum first) and restores it into the scratch copy.</summary>
    Task RestoreAsync(CancellationToken cancellationToken = default);

    Task<IReadOnlyDictionary<string, long>> CountAsync(CancellationToken cancellationToken = default);

    Task<IReadOnlyList<AppliedMigration>> MigrateAsync(string migrationsDirectory, CancellationToken cancellationToken = default);

    /// <summary>Runs the app's health query; throws when it fails.</summary>
    Task HealthQueryAsync(string sql, CancellationToken cancellationToken = default);
}
