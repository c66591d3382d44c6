using Pipeline.Core.Backups;
using Pipeline.Core.Configuration;
using Pipeline.Core.Configuration.Model;
using Pipeline.Core.Databases;
using Pipeline.Core.Databases.MongoDb;
using Pipeline.Core.Databases.PostgreSql;
using Pipeline.Core.State;
using Pipeline.Core.Targets;

namespace Pipeline.Build.Infrastructure;

/// <summary>The environment's database, by the engine its configuration names.</summary>
internal static class DeployedDatabases
{
    public static IDeployedDatabase Create(BuildContext context, IStateStore store, Func<IReadOnlyList<IDeployTarget>> targets)
    {
        var settings = context.Settings.Database;
        return settings.Engine switch
        {
            DatabaseEngine.Sqlite => new SqliteDeployedDatabase(Path.Combine(SqliteHost(context, targets()).DataDirectory, settings.Path!), new SqliteBackupService(store)),
            DatabaseEngine.PostgreSql => PostgreSqlDeployedDatabase.Create(ConnectionString(context), new BackupCatalog(store), context.EnvironmentName),
            DatabaseEngine.MongoDb => MongoDbDeployedDatabase.Create(ConnectionString(context), new BackupCatalog(store)),
            _ => throw new NotSupportedException($"database engine {settings.Engine}"),
        };
    }

    // Validation allows sqlite only with exactly one local target: the file lives in that target's data directory.
    private static ITargetWithDataDirectory SqliteHost(BuildContext context, IReadOnlyList<IDeployTarget> targets) =>
        targets.OfType<ITargetWithDataDirectory>().SingleOrDefault() ?? throw new ConfigurationException(
            $"{context.Catalog.PathOf(context.EnvironmentName)}: $.database.engine: \"sqlite\" needs exactly one target of kind local, whose data directory holds the file.");

    private static string ConnectionString(BuildContext context) =>
        context.Secrets.Resolve(context.Settings.Database.ConnectionString!, $"{context.EnvironmentName} database.connectionString");
}
