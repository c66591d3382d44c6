namespace Pipeline.Core.Databases.MongoDb;

/// <summary>
/// How to reach the live MongoDB database and its tools. A class, not a record, so the connection string
/// never shows up through a generated ToString.
/// </summary>
public sealed class MongoDbEngineOptions
{
    /// <summary>The connection string of the live deployment; a replicaSet= option or mongodb+srv:// turns on --oplog dumps.</summary>
    public required string Uri { get; init; }

    /// <summary>The application's database: what a dump's manifest describes and what --nsFrom renames on a scratch restore.</summary>
    public required string Database { get; init; }

    /// <summary>
    /// The dump being restored carries an oplog slice (its manifest's HasOplog), so a restore into the live database
    /// replays it with --oplogReplay. The catalog reads the manifest before it restores, so it knows.
    /// </summary>
    public bool DumpHasOplog { get; init; }

    /// <summary>A specific mongodump executable; null resolves it from ./tools/** and PATH.</summary>
    public string? MongoDumpPath { get; init; }

    /// <summary>A specific mongorestore executable; null resolves it from ./tools/** and PATH.</summary>
    public string? MongoRestorePath { get; init; }
}
