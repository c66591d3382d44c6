using Pipeline.Core.Backups;
using Pipeline.Core.Database;
using Pipeline.Core.Databases.Reconciliation;

namespace Pipeline.Core.Databases;

/// <summary>
/// The environment's live database as deploys and rollbacks see it, whatever the engine: its backups (taken,
/// verified, restored after verification), its migrations and its schema version.
/// </summary>
public interface IDeployedDatabase
{
    /// <summary>"sqlite", "postgresql" or "mongodb".</summary>
    string Engine { get; }

    /// <summary>Where the database is, for messages; never holds a password.</summary>
    string Description { get; }

    BackupCatalog Catalog { get; }

    /// <summary>False only before the first deploy of a file-based database; a server database always exists.</summary>
    bool Exists();

    /// <summary>Makes sure there is a database to back up and migrate (the first deploy starts from an empty one).</summary>
    void EnsureExists();

    /// <summary>The directory of this engine's migrations inside an unpacked release.</summary>
    string MigrationsIn(string releaseDirectory);

    ISchemaMigrator Migrator(string migrationsDirectory, string appliedBy);

    int LiveSchemaVersion();

    BackupManifest Backup(BackupContext context);

    /// <summary>Every reason backup <paramref name="id"/> cannot be trusted; empty when it verifies.</summary>
    IReadOnlyList<string> Verify(string id);

    /// <summary>Verifies, then restores backup <paramref name="id"/> into the live database; refuses one that does not verify.</summary>
    BackupManifest Restore(string id);

    /// <summary>
    /// Stopping writes, reading rows written since a backup and keeping id counters, for a database rollback that keeps
    /// every acknowledged write; null where the engine has none yet, and such a rollback is refused.
    /// </summary>
    IAcknowledgedWrites? AcknowledgedWrites { get; }

    /// <summary>A scratch copy of <paramref name="backup"/> for the rollback drill; the live database is never touched.</summary>
    IDrillScratch Scratch(BackupManifest backup, string appliedBy);
}

/// <summary>An engine's migration runner, as the deploy uses it.</summary>
public interface ISchemaMigrator
{
    /// <summary>Validates the applied history against the files and lists what is pending; throws when they disagree.</summary>
    MigrationPlan Plan();

    IReadOnlyList<AppliedMigration> Apply(Action<string>? progress = null);

    IReadOnlyList<AppliedMigration> ReadApplied();

    /// <summary>Runs down migrations from the highest applied one to <paramref name="targetVersion"/>; returns the versions reverted.</summary>
    IReadOnlyList<int> Down(int targetVersion, Action<string>? progress = null);

    /// <summary>Clears the failed state migration <paramref name="version"/> left, so migrations may run again.</summary>
    void Repair(int version);
}
