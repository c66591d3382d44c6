using Npgsql;
using Pipeline.Core.Backups;
using Pipeline.Core.Databases.PostgreSql;
using Pipeline.Core.Deployment;
using Pipeline.Core.Tests.Support;

namespace Pipeline.Build.Tests.Deploys;

/// <summary>
/// An environment whose database is PostgreSQL on a real server (a temporary cluster on loopback): the
/// deploy's backup and migrations, its automatic restore, the blocking failed migration and its repair,
/// down migrations, and the rollback drill, each run through the real host.
/// </summary>
[Collection(DeployTestGroup.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PostgresDeployTests : IClassFixture<PostgresServer>, IAsyncLifetime, IDisposable
{
    private const string ConnectionVariable = "TRADING_TEST_PG";
    private readonly ReleaseArtifacts artifacts;
    private readonly PostgresServer postgres;
    private readonly DeployWorkspace workspace;
    private PostgreSqlConnectionInfo database = null!;

    public PostgresDeployTests(ReleaseArtifacts artifacts, PostgresServer postgres)
    {
        this.artifacts = artifacts;
        this.postgres = postgres;
        workspace = new DeployWorkspace("staging", config =>
            config["database"] = new System.Text.Json.Nodes.JsonObject { ["engine"] = "postgresql", ["connectionString"] = $"env:{ConnectionVariable}", ["healthQuery"] = "SELECT count(*) FROM orders" });
        artifacts.Install(workspace.Root, ReleaseArtifacts.V1);
    }

    public async Task InitializeAsync()
    {
        database = await postgres.CreateDatabaseAsync();
        Environment.SetEnvironmentVariable(ConnectionVariable, database.ToConnectionString(pooling: false));
    }

    [Fact]
    public async Task A_deploy_whose_health_check_fails_after_a_migration_switches_back_and_keeps_the_expanded_schema_and_every_order()
    {
        Deploys(ReleaseArtifacts.V1);
        Assert.Equal(2, await ScalarAsync("SELECT max(version) FROM pipeline_schema_history WHERE outcome = 'success'"));
        await ExecuteAsync("INSERT INTO orders (symbol, side, quantity, price, status, created_at) SELECT 'AAPL', 'buy', g, 187.5, 'accepted', now() FROM generate_series(1, 25) g");
        artifacts.InstallBroken(workspace.Root, "2026.11.22-badbad2", withMigration: true);

        Assert.NotEqual(0, workspace.Deploy("2026.11.22-badbad2"));

        Assert.Contains("Rolled back automatically", workspace.Build.Console.Error);
        Assert.Equal(25, await ScalarAsync("SELECT count(*) FROM orders"));
        Assert.Equal(1, await ScalarAsync("SELECT count(*) FROM information_schema.columns WHERE table_name = 'orders' AND column_name = 'notes'"));
        Assert.Equal(ReleaseArtifacts.V1, await workspace.LiveVersionAsync());
        var record = new DeploymentHistory(workspace.Store).All()[^1];
        Assert.Equal(DeploymentStatus.RolledBack, record.Status);
        Assert.Null(record.SafetyBackupId);
    }

    [Fact]
    public async Task A_failed_migration_blocks_the_next_deploy_until_it_is_repaired()
    {
        Deploys(ReleaseArtifacts.V1);
        artifacts.InstallChanged(workspace.Root, ReleaseArtifacts.V3, ReleaseArtifacts.V3, release =>
            File.WriteAllText(Path.Combine(release, "migrations", "postgresql", "0003_add_order_notes.up.sql"), "ALTER TABLE no_such_table ADD COLUMN notes text;"));

        Assert.NotEqual(0, workspace.Deploy(ReleaseArtifacts.V3));
        Assert.Contains("was not touched", workspace.Build.Console.Error);
        Assert.Equal(ReleaseArtifacts.V1, await workspace.LiveVersionAsync());

        Assert.NotEqual(0, workspace.Deploy(ReleaseArtifacts.V3));
        Assert.Contains("--target=MigrationRepair --env=staging --migration=3", workspace.Build.Console.Error);

        workspace.Build.Succeeds("--target=MigrationRepair", "--env=staging", "--migration=3");
        Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM pipeline_schema_history WHERE outcome = 'failed'"));
    }

    [Fact]
    public async Task Down_migrations_run_only_when_asked_after_a_safety_backup_and_the_drill_restores_the_newest_backup_into_a_scratch_database()
    {
        Deploys(ReleaseArtifacts.V1);
        await ExecuteAsync("INSERT INTO orders (symbol, side, quantity, price, status, created_at) VALUES ('MSFT', 'sell', 5, 410.25, 'accepted', now())");
        workspace.Build.Succeeds("--target=Backup", "--env=staging");
        workspace.Build.Succeeds("--target=BackupVerify", "--env=staging");

        workspace.Build.Succeeds("--target=RollbackDrill", "--env=staging");
        Assert.Contains("Rollback drill passed", workspace.Build.Console.Output);
        Assert.Contains("orders=1", workspace.Build.Console.Output);
        Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM pg_database WHERE datname LIKE 'drill_%'"));

        workspace.Build.Succeeds("--target=Rollback", "--env=staging", "--component=database", "--migration=1");
        Assert.Equal(1, await ScalarAsync("SELECT max(version) FROM pipeline_schema_history"));
        Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM information_schema.columns WHERE table_name = 'orders' AND column_name = 'client_order_id'"));
        var record = new DeploymentHistory(workspace.Store).All()[^1];
        Assert.Equal(["database"], record.Components);
        Assert.Equal(2, new BackupCatalog(workspace.Store).Find(record.SafetyBackupId!)!.SchemaVersion);
    }

    [Fact]
    public async Task The_drill_fails_when_the_backup_does_not_verify_and_nothing_live_is_touched()
    {
        Deploys(ReleaseArtifacts.V1);
        workspace.Build.Succeeds("--target=Backup", "--env=staging");
        var newest = new BackupCatalog(workspace.Store).List()[0];
        var dump = Path.Combine(workspace.Root, ".pipeline", "state", "staging", "backups", newest.Id, newest.DumpFile);
        File.WriteAllBytes(dump, File.ReadAllBytes(dump)[..^64]);

        Assert.NotEqual(0, workspace.Build.Run("--target=RollbackDrill", "--env=staging"));
        Assert.Contains("sha256", workspace.Build.Console.Error);
        Assert.NotEqual(0, workspace.Build.Run("--target=Rollback", "--env=staging", "--component=database", $"--to={newest.Id}"));
        Assert.Contains("Nothing was changed", workspace.Build.Console.Error);
        Assert.Equal(2, await ScalarAsync("SELECT max(version) FROM pipeline_schema_history"));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(ConnectionVariable, null);
        workspace.Dispose();
    }

    private void Deploys(string version) => workspace.Build.Succeeds("--target=Deploy", "--exclusive", "--env=staging", $"--app-version={version}");

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(database.ToConnectionString(pooling: false));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(database.ToConnectionString(pooling: false));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
