namespace Pipeline.Core.Databases;

/// <summary>
/// One database engine's part of a backup: dumping the live database to a local file, checking a dump file
/// before it is trusted, and restoring one. Storing, checksumming, listing and retention are the engine-neutral
/// backup catalog's job.
/// </summary>
public interface IDatabaseEngine
{
    /// <summary>"sqlite", "postgresql" or "mongodb"; recorded in the backup manifest.</summary>
    string Name { get; }

    /// <summary>The file name a dump is stored under, e.g. "database.pgdump".</summary>
    string DumpFileName { get; }

    /// <summary>Writes a complete dump of the live database to <paramref name="localFile"/> and describes it.</summary>
    Task<DumpFacts> DumpAsync(string localFile, CancellationToken cancellationToken = default);

    /// <summary>Every reason the dump file cannot be restored (unreadable, truncated); empty when it can.</summary>
    Task<IReadOnlyList<string>> InspectAsync(string localFile, CancellationToken cancellationToken = default);

    /// <summary>
    /// Restores <paramref name="localFile"/> into <paramref name="database"/> (null: the live database),
    /// replacing what is there. Called only after the catalog has verified the dump.
    /// </summary>
    Task RestoreAsync(string localFile, string? database, CancellationToken cancellationToken = default);

    /// <summary>Row (or document) counts per table (or collection) of <paramref name="database"/> (null: the live one).</summary>
    Task<IReadOnlyDictionary<string, long>> CountAsync(string? database, CancellationToken cancellationToken = default);
}

/// <summary>What a dump holds, for its manifest.</summary>
public sealed record DumpFacts
{
    public required string ServerVersion { get; init; }

    public required string Database { get; init; }

    /// <summary>The highest applied migration version; 0 when none is recorded.</summary>
    public required int SchemaVersion { get; init; }

    public required IReadOnlyDictionary<string, long> Tables { get; init; }

    /// <summary>The highest id in each table whose ids come from a counter; null where the engine does not record it.</summary>
    public IReadOnlyDictionary<string, long>? HighWaterMarks { get; init; }

    /// <summary>MongoDB only: the dump carries an oplog slice and must be restored with --oplogReplay.</summary>
    public bool HasOplog { get; init; }
}
