using Pipeline.Core.Backups;
using Pipeline.Core.Database;
using Pipeline.Core.Databases.Reconciliation;

namespace Pipeline.Core.Databases;

/// <summary>The app's SQLite file in the release server's data directory.</summary>
public sealed class SqliteDeployedDatabase(string databaseFile, SqliteBackupService backups) : IDeployedDatabase
{
    public string Engine => "sqlite";

    public string Description => $"SQLite database {databaseFile}";

    public string File => databaseFile;

    public BackupCatalog Catalog => backups.Catalog;

    public IAcknowledgedWrites AcknowledgedWrites { get; } = new SqliteAcknowledgedWrites(databaseFile);

    public bool Exists() => System.IO.File.Exists(databaseFile);

    public void EnsureExists() => SqliteSnapshot.EnsureExists(databaseFile);

    public string MigrationsIn(string releaseDirectory) => Path.Combine(releaseDirectory, "migrations");

    public ISchemaMigrator Migrator(string migrationsDirectory, string appliedBy) => new SqliteMigrator(databaseFile, migrationsDirectory, appliedBy);

    public int LiveSchemaVersion() => Exists() ? SqliteSnapshot.SchemaVersion(databaseFile) : 0;

    public BackupManifest Backup(BackupContext context) => backups.Backup(databaseFile, context);

    public IReadOnlyList<string> Verify(string id)
    {
        var scratch = Path.Combine(Path.GetTempPath(), $"pipeline-verify-{Guid.NewGuid():N}.sqlite");
        try
        {
            return backups.Verify(id, scratch);
        }
        finally
        {
            System.IO.File.Delete(scratch);
        }
    }

    public BackupManifest Restore(string id) => backups.Restore(id, databaseFile);

    public IDrillScratch Scratch(BackupManifest backup, string appliedBy) => new SqliteDrillScratch(backups, backup, appliedBy);
}
