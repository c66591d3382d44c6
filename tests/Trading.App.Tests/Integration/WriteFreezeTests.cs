using System.Globalization;
using System.Net;
using System.Runtime.Versioning;
using System.Text;
using System.Text.Json;
using Pipeline.Core.Databases.Reconciliation;
using Pipeline.Core.Tests.Support;
using Trading.App.Tests.Support;
using AppFreeze = Trading.App.Data.WriteFreeze;
using PipelineFreeze = Pipeline.Core.Databases.Reconciliation.WriteFreeze;

namespace Trading.App.Tests.Integration;

/// <summary>
/// The pipeline's write freeze as the real app answers it, on SQLite and PostgreSQL: writes get 503 with Retry-After
/// and store nothing, reads go on, and once the freeze is lifted writes are accepted again. Frozen by the pipeline's own code.
/// </summary>
[Collection(PostgresServerDefinition.Name)]
[UnsupportedOSPlatform("windows")]
public sealed class WriteFreezeTests(PostgresServer server)
{
    private static readonly Uri Orders = new("/api/orders", UriKind.Relative);
    private static readonly Uri Health = new("/health", UriKind.Relative);

    [Fact]
    public void The_app_and_the_pipeline_name_the_same_freeze()
    {
        Assert.Equal(AppFreeze.SqliteTable, PipelineFreeze.SqliteTable);
        Assert.Equal(AppFreeze.PostgreSqlLockKey, PipelineFreeze.PostgreSqlLockKey);
    }

    [Fact]
    public async Task On_sqlite_writes_are_refused_with_503_and_retry_after_while_frozen_reads_go_on_and_writes_resume_when_lifted()
    {
        using var workspace = new AppWorkspace();
        workspace.Migrate();
        await using var app = await RunningApp.StartAsync(workspace);

        await FreezeThenLiftAsync(app, new SqliteAcknowledgedWrites(workspace.DatabasePath), () => workspace.OrderIds().Count);
    }

    [Fact]
    public async Task On_postgresql_writes_are_refused_with_503_and_retry_after_while_frozen_reads_go_on_and_writes_resume_when_lifted()
    {
        using var workspace = await PostgresWorkspace.CreateAsync(server);
        await workspace.MigrateAsync();
        await using var app = await RunningApp.StartAsync(workspace.Files);
        var writes = new PostgreSqlAcknowledgedWrites(workspace.Database);

        await FreezeThenLiftAsync(app, writes, () => (int)writes.CountUpTo(new IdCounter("orders", "id", 0), long.MaxValue));
    }

    [Fact]
    public async Task On_sqlite_no_write_is_acknowledged_once_the_freeze_is_in_force_under_three_writing_clients()
    {
        using var workspace = new AppWorkspace();
        workspace.Migrate();
        await using var app = await RunningApp.StartAsync(workspace);

        await NothingAcknowledgedWhileFrozenAsync(app, new SqliteAcknowledgedWrites(workspace.DatabasePath), () => workspace.OrderIds().Count);
    }

    [Fact]
    public async Task On_postgresql_no_write_is_acknowledged_once_the_freeze_is_in_force_under_three_writing_clients()
    {
        using var workspace = await PostgresWorkspace.CreateAsync(server);
        await workspace.MigrateAsync();
        await using var app = await RunningApp.StartAsync(workspace.Files);
        var writes = new PostgreSqlAcknowledgedWrites(workspace.Database);

        await NothingAcknowledgedWhileFrozenAsync(app, writes, () => (int)writes.CountUpTo(new IdCounter("orders", "id", 0), long.MaxValue));
    }

    [Fact]
    public void A_freeze_that_cannot_be_set_in_time_says_so_and_changes_nothing()
    {
        using var workspace = new AppWorkspace();
        workspace.Migrate();
        using var writer = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={workspace.DatabasePath};Pooling=False");
        writer.Open();
        using var held = writer.BeginTransaction();

        var error = Assert.Throws<WriteFreezeException>(() => new SqliteAcknowledgedWrites(workspace.DatabasePath).Freeze("test", TimeSpan.FromMilliseconds(300)));

        Assert.Contains(workspace.DatabasePath, error.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was changed", error.Message, StringComparison.Ordinal);
        held.Rollback();
        workspace.Execute("SELECT 1");
        Assert.DoesNotContain(AppFreeze.SqliteTable, TableNames(workspace));
    }

    private static async Task FreezeThenLiftAsync(RunningApp app, IAcknowledgedWrites writes, Func<int> storedOrders)
    {
        using (var before = await app.Client.PostAsync(Orders, Order("before")))
        {
            Assert.Equal(HttpStatusCode.Created, before.StatusCode);
        }

        using (var freeze = writes.Freeze("test", TimeSpan.FromSeconds(10)))
        {
            using var refused = await app.Client.PostAsync(Orders, Order("frozen"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(AppFreeze.RetryAfterSeconds), refused.Headers.RetryAfter?.Delta);
            using (var body = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()))
            {
                Assert.Equal("writes-frozen", body.RootElement.GetProperty("status").GetString());
            }

            using var listed = await app.Client.GetAsync(Orders);
            Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
            using var health = await app.Client.GetAsync(Health);
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.Equal(1, storedOrders());

            freeze.Lift();
        }

        using var after = await app.Client.PostAsync(Orders, Order("after"));
        Assert.Equal(HttpStatusCode.Created, after.StatusCode);
        Assert.Equal(2, storedOrders());
    }

    /// <summary>Three clients post orders in a loop (bounded in time); the freeze is set while they run.</summary>
    private static async Task NothingAcknowledgedWhileFrozenAsync(RunningApp app, IAcknowledgedWrites writes, Func<int> storedOrders)
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var frozenAt = (long)0;
        var acknowledgedAfterFreeze = 0;
        var refused = 0;
        var acknowledged = 0;

        async Task ClientAsync(int client)
        {
            for (var round = 0; round < 2000 && !stop.IsCancellationRequested; round++)
            {
                var sentAt = Interlocked.Read(ref frozenAt);
                using var response = await app.Client.PostAsync(Orders, Order($"c{client}-{round}"));
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    Interlocked.Increment(ref acknowledged);
                    if (sentAt != 0)
                    {
                        Interlocked.Increment(ref acknowledgedAfterFreeze);
                    }
                }
                else
                {
                    Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                    Assert.NotNull(response.Headers.RetryAfter);
                    Interlocked.Increment(ref refused);
                }
            }
        }

        var clients = Enumerable.Range(0, 3).Select(ClientAsync).ToList();
        while (Volatile.Read(ref acknowledged) < 30)
        {
            await Task.Delay(10);
        }

        using (writes.Freeze("test", TimeSpan.FromSeconds(10)))
        {
            var stored = storedOrders();
            Interlocked.Exchange(ref frozenAt, DateTime.UtcNow.Ticks);
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            await stop.CancelAsync();
            await Task.WhenAll(clients);

            Assert.Equal(stored, storedOrders());
            Assert.Equal(0, acknowledgedAfterFreeze);
            Assert.True(refused > 0, "no write was refused while frozen");
            Assert.Equal(acknowledged, stored);
        }
    }

    private static List<string> TableNames(AppWorkspace workspace)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={workspace.DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private static StringContent Order(string clientOrderId) =>
        new(string.Create(CultureInfo.InvariantCulture, $$"""{"symbol":"AAPL","side":"buy","quantity":1,"price":101.25,"clientOrderId":"{{clientOrderId}}"}"""), Encoding.UTF8, "application/json");
}
