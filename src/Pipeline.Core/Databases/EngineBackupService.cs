using System.Diagnostics;
using Pipeline.Core.Artifacts;
using Pipeline.Core.Backups;

namespace Pipeline.Core.Databases;

/// <summary>
/// Backups of a server database (PostgreSQL, MongoDB) through its engine's own dump and restore tools, kept
/// in the backup catalog. A dump is read whole by the engine's inspection before it counts, and its sha256 is
/// recorded; a restore first proves the stored file has exactly those bytes, so a damaged backup never drops
/// live data. Verifying a backup on its own (BackupVerify) reads it whole again.
/// </summary>
public sealed class EngineBackupService(BackupCatalog catalog, IDatabaseEngine engine, Func<BackupManifest, IDatabaseEngine>? restoreEngine = null)
{
    public BackupCatalog Catalog => catalog;

    public async Task<BackupManifest> BackupAsync(BackupContext context, CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        var id = catalog.NewId();
        var scratch = Directory.CreateTempSubdirectory("pipeline-backup-").FullName;
        try
        {
            var dump = Path.Combine(scratch, engine.DumpFileName);
            var facts = await engine.DumpAsync(dump, cancellationToken).ConfigureAwait(false);
            var problems = await engine.InspectAsync(dump, cancellationToken).ConfigureAwait(false);
            if (problems.Count > 0)
            {
                throw new BackupException($"the {engine.Name} dump of {facts.Database} does not read back ({string.Join("; ", problems)}); it was not kept.");
            }

            return catalog.Store(id, context, engine.Name, engine.DumpFileName, dump, facts, watch.ElapsedMilliseconds);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>
    /// Every reason the backup cannot be trusted; empty when it verifies. Downloads it to <paramref name="localCopy"/>.
    /// With <paramref name="readWhole"/> false only the checksum is compared, which proves the bytes are those read whole when the backup was taken.
    /// </summary>
    public async Task<IReadOnlyList<string>> VerifyAsync(string id, string localCopy, bool readWhole = true, CancellationToken cancellationToken = default)
    {
        var manifest = catalog.Find(id);
        if (manifest is null)
        {
            return [catalog.NotFound(id)];
        }

        if (manifest.Engine != engine.Name)
        {
            return [$"backup {id} is a {manifest.Engine} backup; this environment's database is {engine.Name}"];
        }

        if (!catalog.DownloadDump(manifest, localCopy))
        {
            return [$"backup {id}: its dump {manifest.DumpFile} is missing from {catalog.Location}"];
        }

        var digest = FileDigest.Sha256(localCopy);
        if (digest != manifest.Sha256)
        {
            return [$"backup {id}: sha256 {digest}, manifest says {manifest.Sha256} (the file was changed or damaged)"];
        }

        if (!readWhole)
        {
            return [];
        }

        var problems = await engine.InspectAsync(localCopy, cancellationToken).ConfigureAwait(false);
        return problems.Select(p => $"backup {id}: {p}").ToList();
    }

    /// <summary>
    /// Verifies backup <paramref name="id"/>, then restores it into <paramref name="database"/> (null: the live
    /// database). A backup that does not verify is refused before anything is dropped.
    /// </summary>
    public async Task<BackupManifest> RestoreAsync(string id, string? database, CancellationToken cancellationToken = default)
    {
        var scratch = Directory.CreateTempSubdirectory("pipeline-restore-").FullName;
        try
        {
            var manifest = catalog.Require(id);
            var copy = Path.Combine(scratch, manifest.DumpFile);
            var problems = await VerifyAsync(id, copy, readWhole: false, cancellationToken).ConfigureAwait(false);
            if (problems.Count > 0)
            {
                throw new BackupException($"Refusing to restore: {string.Join("; ", problems)}. Nothing was changed.");
            }

            // A dump may need options of its own to restore (a MongoDB dump with an oplog slice needs --oplogReplay).
            var restorer = restoreEngine?.Invoke(manifest) ?? engine;
            await restorer.RestoreAsync(copy, database, cancellationToken).ConfigureAwait(false);
            return manifest;
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }
}
