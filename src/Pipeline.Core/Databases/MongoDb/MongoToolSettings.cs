using Cake.Core.IO;
using Cake.Core.Tooling;

namespace Pipeline.Core.Databases.MongoDb;

/// <summary>Options mongodump and mongorestore share. ToolPath (inherited) points at a specific executable.</summary>
public abstract class MongoToolSettings : ToolSettings
{
    /// <summary>The connection string; passed as --uri and masked everywhere it could be shown.</summary>
    public string Uri { get; set; } = "";

    /// <summary>--archive=&lt;file&gt;: one archive file instead of a dump directory.</summary>
    public FilePath? Archive { get; set; }

    /// <summary>--gzip: the archive is gzip-compressed.</summary>
    public bool Gzip { get; set; }

    /// <summary>--db=&lt;name&gt;: limit the run to one database.</summary>
    public string? Db { get; set; }

    /// <summary>Further arguments appended as given, after the typed ones.</summary>
    public IList<string> ExtraArguments { get; } = [];
}
