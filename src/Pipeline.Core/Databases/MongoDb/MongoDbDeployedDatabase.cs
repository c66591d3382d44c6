using Pipeline.Core.Backups;
using Pipeline.Core.Database;

namespace Pipeline.Core.Databases.MongoDb;

/// <summary>Composes the environment's MongoDB database: mongodump/mongorestore backups in the catalog; MongoDB has no migrations here.</summary>
public static class MongoDbDeployedDatabase
{
    public static ServerDeployedDatabase Create(string connectionString, BackupCatalog catalog)
    {
        var options = new MongoDbEngineOptions { Uri = connectionString, Database = DatabaseOf(connectionString) };
        var engine = new MongoDbEngine(options);
        return new ServerDeployedDatabase(
            engine,
            $"MongoDB database {options.Database}",
            new EngineBackupService(catalog, engine, manifest => new MongoDbEngine(new MongoDbEngineOptions { Uri = connectionString, Database = options.Database, DumpHasOplog = manifest.HasOplog })),
            "mongodb",
            (_, _) => new NoMigrations(),
            () => 0,
            (_, _) => throw new BackupException(
                "a rollback drill of MongoDB needs a scratch database it can drop afterwards, and without a MongoDB driver or shell there is no way to drop one; restore into a scratch deployment by hand with mongorestore --nsFrom/--nsTo."));
    }

    /// <summary>The database named in the connection string's path (mongodb://host/trading).</summary>
    public static string DatabaseOf(string connectionString)
    {
        var afterHosts = connectionString.IndexOf('/', connectionString.IndexOf("//", StringComparison.Ordinal) + 2);
        var name = afterHosts < 0 ? string.Empty : connectionString[(afterHosts + 1)..].Split('?')[0];
        return name.Length > 0
            ? name
            : throw new BackupException($"the MongoDB connection string names no database ({MongoUri.Masked}); expected mongodb://host/<database>.");
    }

    private sealed class NoMigrations : ISchemaMigrator
    {
        public MigrationPlan Plan() => new(0, []);

        public IReadOnlyList<AppliedMigration> Apply(Action<string>? progress = null) => [];

        public IReadOnlyList<AppliedMigration> ReadApplied() => [];

        public IReadOnlyList<int> Down(int targetVersion, Action<string>? progress = null) =>
            throw new MigrationException("MongoDB has no migrations here; restore a backup instead (Rollback --component=database).");

        public void Repair(int version) => throw new MigrationException("MongoDB has no migrations here; there is nothing to repair.");
    }
}
