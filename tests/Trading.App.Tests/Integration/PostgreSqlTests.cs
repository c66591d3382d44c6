using System.Net;
using System.Runtime.Versioning;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Core.Tests.Support;
using Trading.App.Data;
using Trading.App.Settings;
using Trading.App.Tests.Support;

namespace Trading.App.Tests.Integration;

/// <summary>The app against a real PostgreSQL database, migrated by the pipeline's migrator.</summary>
[Collection(PostgresServerDefinition.Name)]
[UnsupportedOSPlatform("windows")]
public sealed class PostgreSqlTests(PostgresServer server) : IAsyncLifetime
{
    private const string ExpectedMigration = "migrations/postgresql/0002_add_order_client_id.up.sql";
    private static readonly Uri Orders = new("/api/orders", UriKind.Relative);
    private static readonly Uri Health = new("/health", UriKind.Relative);
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 14, 5, 9, 250, TimeSpan.Zero);

    private PostgresWorkspace workspace = null!;

    public async Task InitializeAsync() => workspace = await PostgresWorkspace.CreateAsync(server);

    public Task DisposeAsync()
    {
        workspace.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Orders_are_placed_and_listed_with_the_same_json_as_on_sqlite()
    {
        await workspace.MigrateAsync();
        using var sqlite = new AppWorkspace();
        sqlite.Migrate();
        const string body = """{"symbol":"AAPL","side":"buy","quantity":150,"price":101.25,"clientOrderId":"desk-7"}""";

        var (pgCreated, pgListed, pgSingle) = await PlaceAndListAsync(workspace.Files, body);
        var (sqliteCreated, sqliteListed, sqliteSingle) = await PlaceAndListAsync(sqlite, body);

        Assert.Equal(sqliteCreated, pgCreated);
        Assert.Equal(sqliteListed, pgListed);
        Assert.Equal(sqliteSingle, pgSingle);
        using var order = JsonDocument.Parse(pgCreated);
        Assert.Equal("accepted", order.RootElement.GetProperty("status").GetString());
        Assert.Equal("101.25", order.RootElement.GetProperty("price").GetRawText());
        Assert.Equal(Now, order.RootElement.GetProperty("createdAt").GetDateTimeOffset());
        Assert.Equal($"[{pgCreated}]", pgListed);
    }

    [Fact]
    public async Task Prices_and_times_come_back_exactly_and_the_newest_order_is_first()
    {
        await workspace.MigrateAsync();
        var clock = new ManualClock(Now);
        await using var app = await RunningApp.StartAsync(workspace.Files, clock);

        foreach (var price in new[] { "0.0001", "999999.9999", "187.1234", "0.1", "42" })
        {
            using var created = await app.Client.PostAsync(Orders, Json($$"""{"symbol":"NVDA","side":"sell","quantity":1,"price":{{price}}}"""));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            clock.Advance(TimeSpan.FromTicks(1_234_567));
        }

        using var listed = await app.Client.GetAsync(Orders);
        using var orders = JsonDocument.Parse(await listed.Content.ReadAsStringAsync());
        var rows = orders.RootElement.EnumerateArray().ToList();
        Assert.Equal(["42", "0.1", "187.1234", "999999.9999", "0.0001"], rows.Select(o => o.GetProperty("price").GetRawText()));
        Assert.Equal("\"2026-11-22T14:05:09.743+00:00\"", rows[0].GetProperty("createdAt").GetRawText());
        Assert.All(rows, o => Assert.Equal(JsonValueKind.Null, o.GetProperty("clientOrderId").ValueKind));
    }

    [Fact]
    public async Task Rows_copied_in_by_sql_are_listed_too()
    {
        await workspace.MigrateAsync();
        await workspace.ExecuteAsync("""
            INSERT INTO orders (id, symbol, side, quantity, price, status, created_at)
            VALUES (7, 'MSFT', 'buy', 3, 400.5, 'accepted', '2026-11-22T10:00:01.5Z')
            """);
        await using var app = await RunningApp.StartAsync(workspace.Files);

        using var single = await app.Client.GetAsync(new Uri("/api/orders/7", UriKind.Relative));

        Assert.Equal(
            """{"id":7,"symbol":"MSFT","side":"buy","quantity":3,"price":400.5,"status":"accepted","clientOrderId":null,"createdAt":"2026-11-22T10:00:01.5+00:00"}""",
            await single.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Health_is_200_with_the_schema_version_and_503_once_the_history_is_gone()
    {
        await workspace.MigrateAsync();
        await using var app = await RunningApp.StartAsync(workspace.Files);

        using (var healthy = await app.Client.GetAsync(Health))
        {
            using var body = JsonDocument.Parse(await healthy.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
            Assert.Equal(2, body.RootElement.GetProperty("schemaVersion").GetInt32());
        }

        await workspace.ExecuteAsync("DROP TABLE pipeline_schema_history");
        using var response = await app.Client.GetAsync(Health);
        using var unhealthy = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.StartsWith($"{workspace.DisplayName}: has no pipeline_schema_history table", unhealthy.RootElement.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_guard_passes_at_the_shipped_version()
    {
        await workspace.MigrateAsync();

        var check = Guard().Check();

        Assert.True(check.IsCurrent, check.Message);
        Assert.Equal(2, check.AppliedVersion);
        Assert.Equal($"{workspace.DisplayName}: schema version 2, as this build of the app expects", check.Message);
    }

    [Fact]
    public async Task The_guard_refuses_an_older_database()
    {
        await workspace.MigrateAsync(upToVersion: 1);

        var check = Guard().Check();

        Assert.False(check.IsCurrent);
        Assert.Equal(1, check.AppliedVersion);
        Assert.Equal(
            $"{workspace.DisplayName}: schema version 1, this build of the app expects 2 ({ExpectedMigration}); apply pending migrations with ./build.sh --target=Deploy",
            check.Message);
    }

    [Fact]
    public async Task The_guard_serves_a_database_newer_by_expand_migrations_and_refuses_one_past_a_contract_migration()
    {
        await workspace.MigrateAsync();
        await workspace.ExecuteAsync("""
            INSERT INTO pipeline_schema_history (version, name, checksum, applied_by, duration_ms, outcome)
            VALUES (3, 'from_a_newer_release', repeat('0', 64), 'a newer release', 0, 'success')
            """);

        Assert.True(Guard().Check().IsCurrent);

        await workspace.ExecuteAsync("""
            INSERT INTO pipeline_schema_history (version, name, checksum, applied_by, duration_ms, outcome)
            VALUES (4, 'contract_drop_client_id', repeat('0', 64), 'a newer release', 0, 'success')
            """);
        var check = Guard().Check();

        Assert.False(check.IsCurrent);
        Assert.Equal(4, check.AppliedVersion);
        Assert.Contains("contract migration 0004 removed what this build needs", check.Message);
    }

    [Fact]
    public async Task The_guard_refuses_a_database_with_a_failed_migration()
    {
        await workspace.MigrateWithFailingMigrationAsync(version: 3);

        var check = Guard().Check();

        Assert.False(check.IsCurrent);
        Assert.Equal(2, check.AppliedVersion);
        Assert.Equal(
            $"{workspace.DisplayName}: migration 0003 is recorded as failed in pipeline_schema_history (schema version 2); fix it, clear it with ./build.sh --target=MigrationRepair --migration=3, then deploy again",
            check.Message);
    }

    [Fact]
    public void The_guard_refuses_a_database_that_was_never_migrated()
    {
        var check = Guard().Check();

        Assert.False(check.IsCurrent);
        Assert.Null(check.AppliedVersion);
        Assert.Equal(
            $"{workspace.DisplayName}: has no pipeline_schema_history table, so no migration was ever applied; this build of the app expects schema version 2 ({ExpectedMigration}); apply pending migrations with ./build.sh --target=Deploy",
            check.Message);
    }

    [Fact]
    public void The_guard_reports_an_unreachable_server_without_the_password()
    {
        var unreachable = workspace.Database with { Port = Pipeline.Core.Hosting.FreePort.Next() };

        var check = new SchemaGuard(new PostgreSqlTradingDatabase(unreachable.ToConnectionString(pooling: false)), PostgreSqlCatalog()).Check();

        Assert.False(check.IsCurrent);
        Assert.StartsWith($"{unreachable.User}@{unreachable.Host}:{unreachable.Port}/{unreachable.Database}: cannot read the database: ", check.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(PostgresWorkspace.Password, check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_app_process_refuses_to_start_at_the_wrong_schema_version_and_never_prints_the_connection_string()
    {
        await workspace.MigrateAsync(upToVersion: 1);

        var (exitCode, stdout, stderr) = await AppProcess.RunAsync(workspace.Files, new Dictionary<string, string?> { [workspace.Variable] = workspace.ConnectionString });

        Assert.Equal(1, exitCode);
        Assert.Contains(
            $"Trading.App will not start: {workspace.DisplayName}: schema version 1, this build of the app expects 2 ({ExpectedMigration})",
            stderr,
            StringComparison.Ordinal);
        Assert.DoesNotContain(PostgresWorkspace.Password, stdout + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_app_process_refuses_to_start_when_the_referenced_variable_is_unset()
    {
        await workspace.MigrateAsync();

        var (exitCode, stdout, stderr) = await AppProcess.RunAsync(workspace.Files, new Dictionary<string, string?> { [workspace.Variable] = null });

        Assert.Equal(2, exitCode);
        Assert.Contains(
            $"Trading.App: appsettings.json: Trading:database:connectionString refers to the environment variable {workspace.Variable}, which is not set in the app's environment",
            stderr,
            StringComparison.Ordinal);
        Assert.DoesNotContain(PostgresWorkspace.Password, stdout + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Creating_the_app_reads_the_connection_string_from_the_referenced_variable()
    {
        await workspace.MigrateAsync();
        await using var app = TradingApplication.Create([], workspace.Files.HostOptions());

        var check = TradingApplication.CheckSchema(app);

        Assert.True(check.IsCurrent, check.Message);
        Assert.Equal(DatabaseEngine.PostgreSql, app.Services.GetRequiredService<TradingSettings>().Engine);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static MigrationCatalog PostgreSqlCatalog() => MigrationCatalog.ForEngine(AppContext.BaseDirectory, DatabaseEngine.PostgreSql);

    private static async Task<(string Created, string Listed, string Single)> PlaceAndListAsync(AppWorkspace files, string body)
    {
        await using var app = await RunningApp.StartAsync(files, new ManualClock(Now));
        using var created = await app.Client.PostAsync(Orders, Json(body));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var listed = await app.Client.GetAsync(Orders);
        using var single = await app.Client.GetAsync(created.Headers.Location);
        return (await created.Content.ReadAsStringAsync(), await listed.Content.ReadAsStringAsync(), await single.Content.ReadAsStringAsync());
    }

    private SchemaGuard Guard() => new(new PostgreSqlTradingDatabase(workspace.ConnectionString), PostgreSqlCatalog());
}
