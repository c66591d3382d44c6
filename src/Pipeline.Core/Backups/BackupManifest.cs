namespace Pipeline.Core.Backups;

/// <summary>What a backup holds and the figures it must still match when it is restored.</summary>
public sealed record BackupManifest
{
    public required string Id { get; init; }

    public required string Environment { get; init; }

    public string Engine { get; init; } = "sqlite";

    /// <summary>The dump's file name in the backup's folder.</summary>
    public string DumpFile { get; init; } = "database.sqlite";

    public string? ServerVersion { get; init; }

    /// <summary>The database (or SQLite file) that was dumped.</summary>
    public string? Database { get; init; }

    /// <summary>MongoDB only: the dump carries an oplog slice, restored with --oplogReplay.</summary>
    public bool HasOplog { get; init; }

    public required DateTimeOffset Created { get; init; }

    public required string CreatedBy { get; init; }

    public required string Sha256 { get; init; }

    public required long Bytes { get; init; }

    public required long DurationMs { get; init; }

    public required int SchemaVersion { get; init; }

    public required IReadOnlyDictionary<string, long> Tables { get; init; }

    /// <summary>
    /// The highest id in each table whose ids come from a counter, when the backup was taken: rows above it were written
    /// since. Null in backups taken before the pipeline recorded it.
    /// </summary>
    public IReadOnlyDictionary<string, long>? HighWaterMarks { get; init; }

    /// <summary>The release that was live when the backup was taken, if any.</summary>
    public string? LiveRelease { get; init; }

    public bool HasConfigSnapshot { get; init; }

    public string? DeploymentId { get; init; }

    public string? Reason { get; init; }
}
