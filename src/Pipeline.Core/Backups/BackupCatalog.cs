using System.Globalization;
using Pipeline.Core.Artifacts;
using Pipeline.Core.Databases;
using Pipeline.Core.State;

namespace Pipeline.Core.Backups;

/// <summary>
/// The backups of one environment in its state store, whatever the engine: backups/&lt;id&gt;/ holds the dump,
/// an optional configuration snapshot and manifest.json, which is written last so an interrupted backup is
/// never listed. Retention never deletes a backup a recorded deploy still needs.
/// </summary>
public sealed class BackupCatalog(IStateStore store, TimeProvider? clock = null)
{
    private const string Prefix = "backups/";

    private readonly TimeProvider clock = clock ?? TimeProvider.System;

    public string Location => store.Location;

    public DateTimeOffset Now => clock.GetUtcNow();

    public string NewId() => $"{Now.ToString("yyyyMMdd'T'HHmmssfff", CultureInfo.InvariantCulture)}-{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>Complete backups (those with a manifest), newest first.</summary>
    public IReadOnlyList<BackupManifest> List() =>
        store.List(Prefix)
            .Where(k => k.EndsWith("/manifest.json", StringComparison.Ordinal))
            .Select(k => store.Get<BackupManifest>(k))
            .OfType<BackupManifest>()
            .OrderByDescending(m => m.Created)
            .ToList();

    public BackupManifest? Find(string id) => IsId(id) ? store.Get<BackupManifest>(ManifestKey(id)) : null;

    /// <summary>Finds the backup or explains, with the newest ids, that there is none.</summary>
    public BackupManifest Require(string id) =>
        Find(id) ?? throw new BackupException($"{NotFound(id)}. Nothing was changed.");

    /// <summary>Says that there is no backup <paramref name="id"/>, naming the newest ones there are.</summary>
    public string NotFound(string id) => $"no backup \"{id}\" in {store.Location}; {Recent()}";

    public void UploadDump(string id, string fileName, string localFile) => store.Upload(DumpKey(id, fileName), localFile);

    public bool DownloadDump(BackupManifest manifest, string localFile) => store.Download(DumpKey(manifest.Id, manifest.DumpFile), localFile);

    public void UploadConfig(string id, string localFile) => store.Upload(ConfigKey(id), localFile);

    public bool DownloadConfig(string id, string localFile) => IsId(id) && store.Download(ConfigKey(id), localFile);

    /// <summary>
    /// Stores a dump that has passed its engine's checks, with the configuration snapshot the context names, and
    /// completes it with its manifest: what it holds, its sha256 and size, and where it came from.
    /// </summary>
    public BackupManifest Store(string id, BackupContext context, string engine, string dumpFile, string localDump, DumpFacts facts, long durationMs)
    {
        var sha256 = FileDigest.Sha256(localDump);
        UploadDump(id, dumpFile, localDump);
        if (context.ConfigFile is not null)
        {
            UploadConfig(id, context.ConfigFile);
        }

        var manifest = new BackupManifest
        {
            Id = id,
            Environment = context.Environment,
            Engine = engine,
            DumpFile = dumpFile,
            ServerVersion = facts.ServerVersion,
            Database = facts.Database,
            HasOplog = facts.HasOplog,
            Created = Now,
            CreatedBy = context.CreatedBy,
            Sha256 = sha256,
            Bytes = new FileInfo(localDump).Length,
            DurationMs = durationMs,
            SchemaVersion = facts.SchemaVersion,
            Tables = facts.Tables,
            HighWaterMarks = facts.HighWaterMarks,
            LiveRelease = context.LiveRelease,
            HasConfigSnapshot = context.ConfigFile is not null,
            DeploymentId = context.DeploymentId,
            Reason = context.Reason,
        };
        Complete(manifest);
        return manifest;
    }

    /// <summary>Makes the backup visible; call only once its files are stored.</summary>
    public void Complete(BackupManifest manifest) => store.Put(ManifestKey(manifest.Id), manifest);

    /// <summary>
    /// Keeps the newest <paramref name="keep"/> backups, deletes those older than <paramref name="maxAgeDays"/>
    /// (0: no age limit), and never deletes one in <paramref name="protectedIds"/>; returns the ids deleted.
    /// </summary>
    public IReadOnlyList<string> ApplyRetention(int keep, int maxAgeDays, IReadOnlySet<string> protectedIds)
    {
        var oldest = maxAgeDays > 0 ? Now.AddDays(-maxAgeDays) : DateTimeOffset.MinValue;
        var doomed = List()
            .Select((manifest, index) => (manifest, index))
            .Where(b => b.index >= keep || b.manifest.Created < oldest)
            .Select(b => b.manifest)
            .Where(m => !protectedIds.Contains(m.Id))
            .ToList();
        foreach (var manifest in doomed)
        {
            store.Delete(ManifestKey(manifest.Id));
            store.Delete(DumpKey(manifest.Id, manifest.DumpFile));
            store.Delete(ConfigKey(manifest.Id));
        }

        return doomed.Select(m => m.Id).ToList();
    }

    private string Recent()
    {
        var known = List().Take(5).Select(m => m.Id).ToList();
        return known.Count > 0 ? "recent ones: " + string.Join(", ", known) : "there are no backups";
    }

    private static bool IsId(string id) => id.Length > 0 && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    private static string ManifestKey(string id) => $"{Prefix}{id}/manifest.json";

    private static string DumpKey(string id, string fileName) => $"{Prefix}{id}/{fileName}";

    private static string ConfigKey(string id) => $"{Prefix}{id}/config.json";
}
