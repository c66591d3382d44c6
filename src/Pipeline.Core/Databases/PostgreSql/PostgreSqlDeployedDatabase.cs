using Pipeline.Core.Backups;
using Pipeline.Core.Databases.Reconciliation;

namespace Pipeline.Core.Databases.PostgreSql;

/// <summary>Composes the environment's PostgreSQL database: pg_dump/pg_restore backups in the catalog, Npgsql migrations.</summary>
public static class PostgreSqlDeployedDatabase
{
    public const string MigrationsFolder = "postgresql";

    public static ServerDeployedDatabase Create(string connectionString, BackupCatalog catalog, string environment)
    {
        var connection = PostgreSqlConnectionInfo.Parse(connectionString);
        var engine = new PostgreSqlEngine(connection, PostgreSqlClientTools.Create());
        var backups = new EngineBackupService(catalog, engine);
        return new ServerDeployedDatabase(
            engine,
            $"PostgreSQL database {connection}",
            backups,
            MigrationsFolder,
            (directory, who) => new PostgreSqlSchemaMigrator(progress => new PostgreSqlMigrator(connection, directory, who, environment, progress)),
            () => LiveSchemaVersionAsync(connection).GetAwaiter().GetResult(),
            (backup, who) => new PostgreSqlDrillScratch(connection, engine, backups, backup, who, environment),
            new PostgreSqlAcknowledgedWrites(connection));
    }

    private static async Task<int> LiveSchemaVersionAsync(PostgreSqlConnectionInfo connection)
    {
        await using var session = await PostgreSqlSession.OpenAsync(connection, CancellationToken.None).ConfigureAwait(false);
        return await PostgreSqlSession.SchemaVersionAsync(session, CancellationToken.None).ConfigureAwait(false);
    }
}
