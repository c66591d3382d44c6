using System.Diagnostics;
using System.Globalization;
using Pipeline.Core.Artifacts;
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
    private const string Prefix = "backups/";

    private readonly TimeProvider clock = clock ?? TimeProvider.System;

    public BackupManifest Backup(string databaseFile, BackupContext context)
    {
        if (!File.Exists(databaseFile))
        {
            throw new BackupException($"{databaseFile}: the database does not exist; nothing to back up.");
        }

        var watch = Stopwatch.StartNew();
        var id = $"{clock.GetUtcNow().ToString("yyyyMMdd'T'HHmmssfff", CultureInfo.InvariantCulture)}-{Guid.NewGuid().ToString("N")[..6]}";
        var scratch = Directory.CreateTempSubdirectory("pipeline-backup-").FullName;
        try
        {
            var copy = Path.Combine(scratch, "database.sqlite");
            SqliteSnapshot.Copy(databaseFile, copy);
            var integrity = SqliteSnapshot.IntegrityCheck(copy);
            if (integrity != "ok")
            {
                throw new BackupException($"{databaseFile}: the backup copy fails PRAGMA integrity_check ({integrity}); it was not kept.");
            }

            store.Upload(DatabaseKey(id), copy);
            if (context.ConfigFile is not null)
            {
                store.Upload(ConfigKey(id), context.ConfigFile);
            }

            var manifest = new BackupManifest
            {
                Id = id,
                Environment = context.Environment,
                Created = clock.GetUtcNow(),
                CreatedBy = context.CreatedBy,
                Sha256 = FileDigest.Sha256(copy),
                Bytes = new FileInfo(copy).Length,
                DurationMs = watch.ElapsedMilliseconds,
                SchemaVersion = SqliteSnapshot.SchemaVersion(copy),
                Tables = SqliteSnapshot.RowCounts(copy),
                LiveRelease = context.LiveRelease,
                HasConfigSnapshot = context.ConfigFile is not null,
                DeploymentId = context.DeploymentId,
                Reason = context.Reason,
            };
            store.Put(ManifestKey(id), manifest);
            return manifest;
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>Complete backups (those with a manifest), newest first.</summary>
    public IReadOnlyList<BackupManifest> List() =>
        store.List(Prefix)
            .Where(k => k.EndsWith("/manifest.json", StringComparison.Ordinal))
            .Select(k => store.Get<BackupManifest>(k))
            .OfType<BackupManifest>()
            .OrderByDescending(m => m.Created)
            .ToList();

    public BackupManifest? Find(string id) => IsId(id) ? store.Get<BackupManifest>(ManifestKey(id)) : null;

    /// <summary>Every reason the backup cannot be trusted; empty when it verifies. Downloads it to <paramref name="localCopy"/>.</summary>
    public IReadOnlyList<string> Verify(string id, string localCopy)
    {
        var manifest = Find(id);
        if (manifest is null)
        {
            var known = List().Take(5).Select(m => m.Id).ToList();
            return [$"no backup \"{id}\" in {store.Location}; {(known.Count > 0 ? "recent ones: " + string.Join(", ", known) : "there are no backups")}"];
        }

        if (!store.Download(DatabaseKey(id), localCopy))
        {
            return [$"backup {id}: its database file is missing from {store.Location}"];
        }

        var problems = new List<string>();
        var digest = FileDigest.Sha256(localCopy);
        if (digest != manifest.Sha256)
        {
            problems.Add($"backup {id}: sha256 {digest}, manifest says {manifest.Sha256} (the file was changed or damaged)");
            return problems;
        }

        var integrity = SqliteSnapshot.IntegrityCheck(localCopy);
        if (integrity != "ok")
        {
            problems.Add($"backup {id}: PRAGMA integrity_check says {integrity}");
            return problems;
        }

        var counts = SqliteSnapshot.RowCounts(localCopy);
        foreach (var (table, expected) in manifest.Tables)
        {
            var found = counts.GetValueOrDefault(table, -1);
            if (found != expected)
            {
                problems.Add($"backup {id}: table {table} has {found} rows, manifest says {expected}");
            }
        }

        return problems;
    }

    /// <summary>
    /// Restores backup <paramref name="id"/> into <paramref name="databaseFile"/> after verifying it; a backup
    /// that does not verify is refused and nothing is changed. Uses the online backup API, so connections
    /// that stay open see the restored data.
    /// </summary>
    public BackupManifest Restore(string id, string databaseFile)
    {
        var scratch = Directory.CreateTempSubdirectory("pipeline-restore-").FullName;
        try
        {
            var copy = Path.Combine(scratch, "database.sqlite");
            var problems = Verify(id, copy);
            if (problems.Count > 0)
            {
                throw new BackupException($"Refusing to restore: {string.Join("; ", problems)}. Nothing was changed.");
            }

            SqliteSnapshot.Copy(copy, databaseFile);
            return Find(id)!;
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    public bool DownloadConfig(string id, string localFile) => store.Download(ConfigKey(id), localFile);

    /// <summary>Keeps the newest <paramref name="keep"/> backups and every one in <paramref name="protectedIds"/>; returns the ids deleted.</summary>
    public IReadOnlyList<string> ApplyRetention(int keep, IReadOnlySet<string> protectedIds)
    {
        var doomed = List().Skip(keep).Where(m => !protectedIds.Contains(m.Id)).Select(m => m.Id).ToList();
        foreach (var id in doomed)
        {
            store.Delete(ManifestKey(id));
            store.Delete(DatabaseKey(id));
            store.Delete(ConfigKey(id));
        }

        return doomed;
    }

    private static bool IsId(string id) => id.Length > 0 && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    private static string ManifestKey(string id) => $"{Prefix}{id}/manifest.json";

    private static string DatabaseKey(string id) => $"{Prefix}{id}/database.sqlite";

    private static string ConfigKey(string id) => $"{Prefix}{id}/config.json";
}
