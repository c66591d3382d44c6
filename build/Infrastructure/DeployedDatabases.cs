using Pipeline.Core.Backups;
using Pipeline.Core.Configuration.Model;
using Pipeline.Core.Databases;
using Pipeline.Core.Databases.MongoDb;
using Pipeline.Core.Databases.PostgreSql;
using Pipeline.Core.Deployment;
using Pipeline.Core.State;

namespace Pipeline.Build.Infrastructure;

/// <summary>The environment's database, by the engine its configuration names.</summary>
internal static class DeployedDatabases
{
    public static IDeployedDatabase Create(BuildContext context, IStateStore store, Func<ReleaseServer> server)
    {
        var settings = context.Settings.Database;
        return settings.Engine switch
        {
            DatabaseEngine.Sqlite => new SqliteDeployedDatabase(Path.Combine(server().DataDirectory, settings.Path!), new SqliteBackupService(store)),
            DatabaseEngine.PostgreSql => PostgreSqlDeployedDatabase.Create(ConnectionString(context), new BackupCatalog(store), context.EnvironmentName),
            DatabaseEngine.MongoDb => MongoDbDeployedDatabase.Create(ConnectionString(context), new BackupCatalog(store)),
            _ => throw new NotSupportedException($"database engine {settings.Engine}"),
        };
    }

    private static string ConnectionString(BuildContext context) =>
        context.Secrets.Resolve(context.Settings.Database.ConnectionString!, $"{context.EnvironmentName} database.connectionString");
}
