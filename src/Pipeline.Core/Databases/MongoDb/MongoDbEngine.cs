using Cake.Core.IO;
using Pipeline.Core.Processes;

namespace Pipeline.Core.Databases.MongoDb;

/// <summary>
/// MongoDB through the official mongodump and mongorestore: one gzip-compressed archive per dump, with an oplog
/// slice when the deployment is a replica set. MongoDB has no migrations here, so SchemaVersion is always 0.
/// </summary>
/// <remarks>
/// Document counts come only from the tools' output: the per-collection counts mongodump printed for the live
/// database and mongorestore printed for a restore. MongoDB.Driver is served, but counting through it could not be
/// proven without a MongoDB server (none can run on our build machines), so <see cref="CountAsync"/> answers only
/// for a database this engine instance has dumped or restored, with the counts as of that run, and refuses otherwise.
/// </remarks>
public sealed class MongoDbEngine : IDatabaseEngine
{
    private readonly MongoDbEngineOptions options;
    private readonly MongoDumpTool dump;
    private readonly MongoRestoreTool restore;
    private readonly Dictionary<string, IReadOnlyDictionary<string, long>> knownCounts = new(StringComparer.Ordinal);

    public MongoDbEngine(MongoDbEngineOptions options, CakeToolHost? services = null)
    {
        RequireDatabaseName(options.Database, nameof(options));
        this.options = options;
        services ??= CakeToolHost.Create();
        dump = new MongoDumpTool(services);
        restore = new MongoRestoreTool(services);
    }

    public string Name => "mongodb";

    public string DumpFileName => "database.archive.gz";

    public async Task<DumpFacts> DumpAsync(string localFile, CancellationToken cancellationToken = default)
    {
        // Only a replica set has an oplog; --oplog makes the dump a point-in-time copy of a database taking writes.
        // mongodump accepts it only for a full dump, and a database in the URI's path makes the dump a one-database one.
        var oplog = MongoUri.IsReplicaSet(options.Uri) && !MongoUri.NamesDatabase(options.Uri);
        var settings = new MongoDumpSettings { Uri = options.Uri, Archive = localFile, Gzip = true, Oplog = oplog };
        SetToolPath(settings, options.MongoDumpPath);
        var report = await dump.DumpAsync(settings, cancellationToken).ConfigureAwait(false);
        if (!File.Exists(localFile))
        {
            throw new MongoToolException("mongodump", $"mongodump exited 0 but wrote no archive at {localFile}; expected a gzip-compressed archive there.");
        }

        var collections = report.CollectionsOf(options.Database);
        Remember(options.Database, collections);
        return new DumpFacts
        {
            // The archive header records the server version; mongodump itself writes "unknown" when the server would not say.
            ServerVersion = MongoArchiveFile.ReadServerVersion(localFile) ?? "unknown",
            Database = options.Database,
            SchemaVersion = 0,
            Tables = collections,
            HasOplog = oplog,
        };
    }

    /// <summary>
    /// Checked on disk only: the gzip stream is complete (trailer CRC-32 and length) and holds a whole mongodump
    /// archive. mongorestore --dryRun is not used: it connects to a server before reading the archive, so it is
    /// neither cheap nor possible where no database is reachable.
    /// </summary>
    public Task<IReadOnlyList<string>> InspectAsync(string localFile, CancellationToken cancellationToken = default) =>
        Task.Run(() => MongoArchiveFile.Inspect(localFile), cancellationToken);

    /// <summary>
    /// Into a scratch database, only the application database's namespaces are restored (--nsInclude), renamed
    /// (--nsFrom/--nsTo), and the oplog is not replayed: oplog entries name the source namespaces, and
    /// mongorestore applies them as they are, which would write into the live database.
    /// </summary>
    public async Task RestoreAsync(string localFile, string? database, CancellationToken cancellationToken = default)
    {
        var target = database ?? options.Database;
        RequireDatabaseName(target, nameof(database));
        var scratch = target != options.Database;
        var settings = new MongoRestoreSettings
        {
            Uri = options.Uri,
            Archive = localFile,
            Gzip = true,
            Drop = true,
            OplogReplay = options.DumpHasOplog && !scratch,
            NsInclude = scratch ? $"{options.Database}.*" : null,
            NsFrom = scratch ? $"{options.Database}.*" : null,
            NsTo = scratch ? $"{target}.*" : null,
        };
        SetToolPath(settings, options.MongoRestorePath);
        var report = await restore.RestoreAsync(settings, cancellationToken).ConfigureAwait(false);
        Remember(target, report.CollectionsOf(target));
    }

    /// <summary>The counts the last dump or restore of <paramref name="database"/> by this engine reported; see the class remarks.</summary>
    public Task<IReadOnlyDictionary<string, long>> CountAsync(string? database, CancellationToken cancellationToken = default)
    {
        var name = database ?? options.Database;
        lock (knownCounts)
        {
            if (knownCounts.TryGetValue(name, out var counts))
            {
                return Task.FromResult(counts);
            }
        }

        return Task.FromException<IReadOnlyDictionary<string, long>>(new InvalidOperationException(
            $"MongoDB database \"{name}\": document counts are not known. They come only from mongodump and mongorestore output, "
            + "and this engine has not dumped or restored that database; restore a dump into it first."));
    }

    private static void SetToolPath(MongoToolSettings settings, string? path)
    {
        if (path is not null)
        {
            settings.ToolPath = new FilePath(path);
        }
    }

    private static void RequireDatabaseName(string name, string parameter)
    {
        // MongoDB's own rules for database names, plus '*', which would turn the --nsFrom/--nsTo pattern into something else.
        if (string.IsNullOrEmpty(name) || name.Length > 63 || name.IndexOfAny(['/', '\\', '.', ' ', '"', '$', '*', '\0']) >= 0)
        {
            throw new ArgumentException($"MongoDB database name \"{name}\" is not valid; expected 1-63 characters without / \\ . space \" $ * or NUL.", parameter);
        }
    }

    private void Remember(string database, IReadOnlyDictionary<string, long> counts)
    {
        lock (knownCounts)
        {
            knownCounts[database] = counts;
        }
    }
}
