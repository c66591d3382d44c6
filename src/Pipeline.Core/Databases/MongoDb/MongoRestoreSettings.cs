namespace Pipeline.Core.Databases.MongoDb;

/// <summary>
/// mongorestore options:
/// <c>mongorestore --uri=… [--db=…] [--drop] --archive=… --gzip [--oplogReplay] [--nsInclude=…] [--nsFrom=… --nsTo=…]</c>.
/// </summary>
public sealed class MongoRestoreSettings : MongoToolSettings
{
    /// <summary>--drop: drop each collection before restoring it, so the result is the dump and nothing else.</summary>
    public bool Drop { get; set; }

    /// <summary>--oplogReplay: replay the oplog slice the dump carries (dumps taken with --oplog only).</summary>
    public bool OplogReplay { get; set; }

    /// <summary>--nsInclude=&lt;pattern&gt;: restore only the namespaces of the dump that match, e.g. "app.*".</summary>
    public string? NsInclude { get; set; }

    /// <summary>--nsFrom=&lt;pattern&gt;: with <see cref="NsTo"/>, renames namespaces while restoring, e.g. "app.*".</summary>
    public string? NsFrom { get; set; }

    /// <summary>--nsTo=&lt;pattern&gt;: where <see cref="NsFrom"/> namespaces go, e.g. "scratch.*".</summary>
    public string? NsTo { get; set; }
}
