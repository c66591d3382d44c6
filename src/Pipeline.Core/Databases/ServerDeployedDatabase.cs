using Pipeline.Core.Backups;
using Pipeline.Core.Databases.Reconciliation;

namespace Pipeline.Core.Databases;

/// <summary>
/// A database server's database (PostgreSQL, MongoDB) as deploys see it. The deploy and rollback services run
/// synchronously step by step, so the engine's asynchronous work is awaited here.
/// </summary>
public sealed class ServerDeployedDatabase(
    IDatabaseEngine engine,
    string description,
    EngineBackupService backups,
    string migrationsFolder,
    Func<string, string, ISchemaMigrator> migrators,
    Func<int> liveSchemaVersion,
    Func<BackupManifest, string, IDrillScratch> scratch,
    IAcknowledgedWrites? acknowledgedWrites = null) : IDeployedDatabase
{
    public string Engine => engine.Name;

    public string Description => description;

    public BackupCatalog Catalog => backups.Catalog;

    public IDatabaseEngine DatabaseEngine => engine;

    public IAcknowledgedWrites? AcknowledgedWrites => acknowledgedWrites;

    public bool Exists() => true;

    public void EnsureExists()
    {
        // The server's database is created by whoever provisions it; there is nothing to create here.
    }

    public string MigrationsIn(string releaseDirectory) => Path.Combine(releaseDirectory, "migrations", migrationsFolder);

    public ISchemaMigrator Migrator(string migrationsDirectory, string appliedBy) => migrators(migrationsDirectory, appliedBy);

    public int LiveSchemaVersion() => liveSchemaVersion();

    public BackupManifest Backup(BackupContext context) => backups.BackupAsync(context).GetAwaiter().GetResult();

    public IReadOnlyList<string> Verify(string id)
    {
        var scratch = Directory.CreateTempSubdirectory("pipeline-verify-").FullName;
        try
        {
            return backups.VerifyAsync(id, Path.Combine(scratch, engine.DumpFileName), readWhole: true).GetAwaiter().GetResult();
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    public BackupManifest Restore(string id) => backups.RestoreAsync(id, database: null).GetAwaiter().GetResult();

    public IDrillScratch Scratch(BackupManifest backup, string appliedBy) => scratch(backup, appliedBy);
}
