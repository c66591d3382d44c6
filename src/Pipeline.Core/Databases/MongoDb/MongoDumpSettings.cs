namespace Pipeline.Core.Databases.MongoDb;

/// <summary>mongodump options: <c>mongodump --uri=… [--db=…] --archive=… --gzip [--oplog]</c>.</summary>
public sealed class MongoDumpSettings : MongoToolSettings
{
    /// <summary>--oplog: include the oplog written during the dump, for a point-in-time dump of a replica set (full dumps only).</summary>
    public bool Oplog { get; set; }
}
