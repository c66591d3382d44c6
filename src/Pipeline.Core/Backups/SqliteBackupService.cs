using System.Diagnostics;
using Pipeline.Core.Artifacts;
using Pipeline.Core.Databases;
using Pipeline.Core.Databases.Reconciliation;
using Pipeline.Core.State;

namespace Pipeline.Core.Backups;

/// <summary>What a backup should say about where it came from.</summary>
public sealed record BackupContext(string Environment, string CreatedBy, string? LiveRelease, string? ConfigFile, string? DeploymentId, string Reason);

/// <summary>
/// Backups of the SQLite database in the environment's state store: taken online, verified before they
/// count (integrity check, row counts, checksum), and verified again before any restore. A backup's
/// manifest is written last, so a backup interrupted half-way is never listed.
/// </summary>
public sealed class SqliteBackupService(IStateStore store, TimeProvider? clock = null)
{
    private const string DumpFile = "database.sqlite";

    public BackupCatalog Catalog { get; } = new(store, clock);

    public BackupManifest Backup(string databaseFile, BackupContext context)
    {
        if (!File.Exists(databaseFile))
        {
            throw new BackupException($"{databaseFile}: the database does not exist; nothing to back up.");
        }

        var watch = Stopwatch.StartNew();
        var id = Catalog.NewId();
        var scratch = Directory.CreateTempSubdirectory("pipeline-backup-").FullName;
        try
        {
            var copy = Path.Combine(scratch, DumpFile);
            SqliteSnapshot.Copy(databaseFile, copy);
            var integrity = SqliteSnapshot.IntegrityCheck(copy);
            if (integrity != "ok")
            {
                throw new BackupException($"{databaseFile}: the backup copy fails PRAGMA integrity_check ({integrity}); it was not kept.");
            }

            var facts = new DumpFacts
            {
                ServerVersion = $"SQLite {SqliteSnapshot.LibraryVersion()}",
                Database = databaseFile,
                SchemaVersion = SqliteSnapshot.SchemaVersion(copy),
                Tables = SqliteSnapshot.RowCounts(copy),
                HighWaterMarks = new SqliteAcknowledgedWrites(copy).HighWaterMarks(),
            };
            return Catalog.Store(id, context, "sqlite", DumpFile, copy, facts, watch.ElapsedMilliseconds);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>Complete backups (those with a manifest), newest first.</summary>
    public IReadOnlyList<BackupManifest> List() => Catalog.List();

    public BackupManifest? Find(string id) => Catalog.Find(id);

    /// <summary>Every reason the backup cannot be trusted; empty when it verifies. Downloads it to <paramref name="localCopy"/>.</summary>
    public IReadOnlyList<string> Verify(string id, string localCopy)
    {
        var manifest = Catalog.Find(id);
        if (manifest is null)
        {
            return [Catalog.NotFound(id)];
        }

        if (!Catalog.DownloadDump(manifest, localCopy))
        {
            return [$"backup {id}: its database file is missing from {Catalog.Location}"];
        }

        var digest = FileDigest.Sha256(localCopy);
        if (digest != manifest.Sha256)
        {
            return [$"backup {id}: sha256 {digest}, manifest says {manifest.Sha256} (the file was changed or damaged)"];
        }

        var integrity = SqliteSnapshot.IntegrityCheck(localCopy);
        if (integrity != "ok")
        {
            return [$"backup {id}: PRAGMA integrity_check says {integrity}"];
        }

        var counts = SqliteSnapshot.RowCounts(localCopy);
        return manifest.Tables
            .Where(t => counts.GetValueOrDefault(t.Key, -1) != t.Value)
            .Select(t => $"backup {id}: table {t.Key} has {counts.GetValueOrDefault(t.Key, -1)} rows, manifest says {t.Value}")
            .ToList();
    }

    /// <summary>
    /// Restores backup <paramref name="id"/> into <paramref name="databaseFile"/> after verifying it; a backup
    /// that does not verify is refused and nothing is changed. Uses the online backup API, so connections
    /// that stay open see the restored data. Ids handed out since the backup (AUTOINCREMENT) are not handed
    /// out again: the restored counters start where the live database's were. A write freeze in force on the live
    /// file stays in force through the restore, and one the backup was taken under is not brought back.
    /// </summary>
    public BackupManifest Restore(string id, string databaseFile)
    {
        var scratch = Directory.CreateTempSubdirectory("pipeline-restore-").FullName;
        try
        {
            var copy = Path.Combine(scratch, DumpFile);
            var problems = Verify(id, copy);
            if (problems.Count > 0)
            {
                throw new BackupException($"Refusing to restore: {string.Join("; ", problems)}. Nothing was changed.");
            }

            if (File.Exists(databaseFile))
            {
                SqliteSnapshot.KeepIdsIssued(databaseFile, copy);
                SqliteAcknowledgedWrites.CarryFreeze(databaseFile, copy);
            }

            SqliteSnapshot.Copy(copy, databaseFile);
            return Find(id)!;
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    public bool DownloadConfig(string id, string localFile) => Catalog.DownloadConfig(id, localFile);

    /// <summary>Keeps the newest <paramref name="keep"/> backups and every one in <paramref name="protectedIds"/>; returns the ids deleted.</summary>
    public IReadOnlyList<string> ApplyRetention(int keep, IReadOnlySet<string> protectedIds) => Catalog.ApplyRetention(keep, 0, protectedIds);
}
