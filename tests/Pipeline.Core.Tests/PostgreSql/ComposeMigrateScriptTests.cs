using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using Pipeline.Core.Databases.PostgreSql;
using Pipeline.Core.Tests.Support;

namespace Pipeline.Core.Tests.PostgreSql;

/// <summary>
/// db/postgresql/image/pipeline-migrate.sh, the migrations service of compose.yaml, run with the machine's psql
/// against a real PostgreSQL 15: it must keep the history the pipeline's migrator keeps, so either can take over a
/// database the other migrated.
/// </summary>
[Collection(PostgreSqlServerDefinition.Name)]
[UnsupportedOSPlatform("windows")]
public sealed class ComposeMigrateScriptTests(PostgresServer server) : IAsyncLifetime
{
    private static readonly string ScriptPath = Path.Combine(Script.RepositoryRoot, "db", "postgresql", "image", "pipeline-migrate.sh");
    private readonly string migrations = Directory.CreateTempSubdirectory("pipeline-compose-migrations-").FullName;
    private PostgreSqlConnectionInfo database = null!;

    public async Task InitializeAsync()
    {
        database = await server.CreateDatabaseAsync();
        foreach (var file in Directory.GetFiles(PostgreSqlTestDatabase.TradingMigrations))
        {
            File.Copy(file, Path.Combine(migrations, Path.GetFileName(file)));
        }
    }

    public Task DisposeAsync()
    {
        Directory.Delete(migrations, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_script_applies_the_schema_as_the_pipelines_migrator_records_it_and_a_second_run_applies_nothing()
    {
        var first = Migrate();
        var second = Migrate();

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("pipeline-migrate: applied 0001_create_orders", first.Output);
        Assert.Contains("pipeline-migrate: applied 0002_add_order_client_id", first.Output);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("pipeline-migrate: 0001_create_orders already applied", second.Output);
        Assert.Contains("pipeline-migrate: 0002_add_order_client_id already applied", second.Output);
        Assert.DoesNotContain("applying", second.Output);

        var migrator = new PostgreSqlMigrator(database, migrations, "deployer@ci", "development");
        var status = await migrator.StatusAsync();
        Assert.Empty(status.Problems);
        Assert.Empty(status.Pending);
        Assert.Equal(2, status.CurrentVersion);
        Assert.All(status.History, row => Assert.Equal("compose", row.AppliedBy));
        Assert.Empty(await migrator.MigrateAsync());
    }

    [Fact]
    public async Task A_database_the_pipeline_migrated_is_up_to_date_for_the_script()
    {
        await new PostgreSqlMigrator(database, migrations, "deployer@ci", "development").MigrateAsync();

        var run = Migrate();

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("pipeline-migrate: 0001_create_orders already applied", run.Output);
        Assert.Contains("pipeline-migrate: 0002_add_order_client_id already applied", run.Output);
        Assert.Equal("deployer@ci,deployer@ci", await PostgreSqlTestDatabase.ScalarAsync(database, "SELECT string_agg(applied_by, ',' ORDER BY version) FROM pipeline_schema_history"));
    }

    [Fact]
    public async Task A_failing_migration_is_rolled_back_recorded_as_failed_and_blocks_the_next_run()
    {
        File.WriteAllText(Path.Combine(migrations, "0003_add_fills.up.sql"), "CREATE TABLE fills (id bigint);\nSELECT no_such_column FROM orders;\n");

        var failed = Migrate();
        var next = Migrate();

        Assert.NotEqual(0, failed.ExitCode);
        Assert.Contains($"{Path.Combine(migrations, "0003_add_fills.up.sql")}: migration 0003_add_fills failed and was rolled back", failed.Error);
        Assert.Contains("column \"no_such_column\" does not exist", failed.Error);
        Assert.False(await PostgreSqlTestDatabase.TableExistsAsync(database, "fills"));
        var status = await new PostgreSqlMigrator(database, migrations, "deployer@ci", "development").StatusAsync();
        Assert.Equal(2, status.CurrentVersion);
        Assert.Contains(status.History, row => row is { Version: 3, Failed: true, AppliedBy: "compose" });
        Assert.Contains(status.Problems, problem => problem.Contains("migration 0003_add_fills failed", StringComparison.Ordinal));

        Assert.NotEqual(0, next.ExitCode);
        Assert.Contains("Refusing to migrate; nothing was run: migration 0003_add_fills failed", next.Error);
        Assert.DoesNotContain("applying", next.Output);
    }

    [Fact]
    public async Task A_changed_applied_migration_is_refused_before_anything_runs()
    {
        Assert.Equal(0, Migrate().ExitCode);
        var changed = Path.Combine(migrations, "0001_create_orders.up.sql");
        File.AppendAllText(changed, "\n-- edited after it ran\n");
        File.WriteAllText(Path.Combine(migrations, "0003_add_fills.up.sql"), "CREATE TABLE fills (id bigint);\n");

        var run = Migrate();

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains($"Refusing to migrate; nothing was run: {changed}: applied migration 0001 has changed since it ran", run.Error);
        Assert.False(await PostgreSqlTestDatabase.TableExistsAsync(database, "fills"));
        Assert.Equal("2", await PostgreSqlTestDatabase.ScalarAsync(database, "SELECT count(*) FROM pipeline_schema_history"));
    }

    private ScriptRun Migrate()
    {
        var start = new ProcessStartInfo("sh", [ScriptPath]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["MIGRATIONS"] = migrations;
        start.Environment["PGHOST"] = database.Host;
        start.Environment["PGPORT"] = database.Port.ToString(CultureInfo.InvariantCulture);
        start.Environment["PGUSER"] = database.User;
        start.Environment["PGDATABASE"] = database.Database;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{ScriptPath} did not finish within 60 s");
        }

        return new ScriptRun(process.ExitCode, output.Result, error.Result);
    }

    private sealed record ScriptRun(int ExitCode, string Output, string Error)
    {
        public override string ToString() => $"exit {ExitCode}\n{Output}\n{Error}";
    }
}
