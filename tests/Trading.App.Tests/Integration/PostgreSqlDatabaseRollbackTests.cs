using System.Runtime.Versioning;
using Npgsql;
using Pipeline.Core.Artifacts;
using Pipeline.Core.Audit;
using Pipeline.Core.Backups;
using Pipeline.Core.Configuration.Model;
using Pipeline.Core.Databases.PostgreSql;
using Pipeline.Core.Databases.Reconciliation;
using Pipeline.Core.Deployment;
using Pipeline.Core.Secrets;
using Pipeline.Core.State;
using Pipeline.Core.Tests.Deployment;
using Pipeline.Core.Tests.Support;
using Pipeline.Testing;
using Trading.App.Tests.Support;
using Xunit.Abstractions;

namespace Trading.App.Tests.Integration;

/// <summary>
/// A manual database rollback of the app's PostgreSQL database through the pipeline's rollback service, while the real
/// app serves a trading desk's load on loopback: every acknowledged order ends in the database or the reconciliation
/// file, no id is given to two orders, writes are answered 503 with Retry-After during the freeze and reads go on.
/// The deploy target is a fake (<see cref="FakeTarget"/>): the app runs in this process, not under a release server.
/// </summary>
[Collection(PostgresServerDefinition.Name)]
[UnsupportedOSPlatform("windows")]
public sealed class PostgreSqlDatabaseRollbackTests(PostgresServer server, ITestOutputHelper output) : IDisposable
{
    private const string Version = "2026.11.21-bbbbbbb";
    private readonly string root = Directory.CreateTempSubdirectory("pipeline-pg-rollback-").FullName;

    [Fact]
    public async Task A_database_rollback_under_load_keeps_every_acknowledged_order_in_the_database_or_the_reconciliation_file_and_reuses_no_id()
    {
        using var workspace = await PostgresWorkspace.CreateAsync(server);
        await workspace.MigrateAsync();
        await using var app = await RunningApp.StartAsync(workspace.Files);
        File.WriteAllText(Path.Combine(root, "staging.json"), "{}");
        var store = new LocalStateStore(Path.Combine(root, "state"));
        var database = PostgreSqlDeployedDatabase.Create(workspace.ConnectionString, new BackupCatalog(store), "staging");
        await using var load = TradingLoad.Start(app.Client.BaseAddress!);
        await load.AcknowledgedAtLeastAsync(20);
        var backup = database.Backup(new BackupContext("staging", "tests", Version, null, null, "before the load goes on"));
        await load.AcknowledgedAtLeastAsync(load.Acknowledged.Count + 20);

        var outcome = await Service(store, database).RollbackAsync(new RollbackRequest(RollbackComponent.Database, backup.Id, null!, Path.Combine(root, "staging.json"), Path.Combine(root, "config-backups"), "tests"));
        var finished = DateTimeOffset.UtcNow;
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            while (!load.Acknowledged.Any(a => a.At > finished))
            {
                await Task.Delay(20, timeout.Token);
            }
        }

        await load.StopAsync();

        Assert.True(outcome.Succeeded, outcome.Summary);
        var file = WrittenSinceBackup.Read(store, WrittenSinceBackup.KeyOf("staging", outcome.Record.Id))!;
        var orders = Assert.Single(file.Tables);
        Assert.Equal(backup.HighWaterMarks!["orders"], orders.HighWaterMark);
        var saved = orders.Rows.ToDictionary(r => long.Parse(r["id"]!.ToString()!, System.Globalization.CultureInfo.InvariantCulture), r => r["client_order_id"]?.ToString());
        var stored = await StoredOrdersAsync(workspace);
        var acknowledged = load.Acknowledged.ToList();
        var lost = acknowledged.Where(a => stored.GetValueOrDefault(a.Id) != a.ClientOrderId && saved.GetValueOrDefault(a.Id) != a.ClientOrderId).ToList();
        output.WriteLine($"acknowledged {acknowledged.Count}, saved to the reconciliation file {saved.Count}, in the database {stored.Count}, lost {lost.Count}, writes refused with 503 {load.RefusedWrites}, reads {load.Reads} ({load.FailedReads.Count} failed)");

        Assert.Empty(lost);
        Assert.Equal(acknowledged.Count, acknowledged.Select(a => a.Id).Distinct().Count());
        Assert.DoesNotContain(saved, row => stored.TryGetValue(row.Key, out var other) && other != row.Value);
        Assert.True(saved.Count >= 20, $"{saved.Count} rows saved");
        Assert.All(acknowledged.Where(a => a.At > finished), a => Assert.True(a.Id > saved.Keys.Max(), $"order {a.Id}, acknowledged after the rollback, has an id not above the saved {saved.Keys.Max()}"));
        Assert.True(load.RefusedWrites > 0, "no write was answered 503 during the freeze");
        Assert.Equal(0, load.RefusedWithoutRetryAfter);
        Assert.Equal(0, load.FailedWrites);
        Assert.Empty(load.FailedReads);

        var sql = Script.Run("scripts/reconciliation-sql.sh", Path.Combine(root, "state", WrittenSinceBackup.KeyOf("staging", outcome.Record.Id)));
        var live = workspace.Database;
        Script.Pipe(sql, "psql", "-h", live.Host, "-p", live.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", live.User, "-d", live.Database, "-v", "ON_ERROR_STOP=1", "--single-transaction", "-q");
        var reapplied = await StoredOrdersAsync(workspace);
        Assert.All(acknowledged, a => Assert.Equal(a.ClientOrderId, reapplied.GetValueOrDefault(a.Id)));
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    private RollbackService Service(LocalStateStore store, Pipeline.Core.Databases.IDeployedDatabase database)
    {
        var history = new DeploymentHistory(store);
        var ledger = new DeploymentLedger(history, new AuditJournal(store, new SecretMasker()), new AuditActor("tests", "host", null));
        var deployed = ledger.Create(DeploymentKind.Deploy, "staging", null, Version, ["application"], "tests");
        ledger.Started(deployed);
        ledger.Finish(deployed, DeploymentStatus.Succeeded, "deployed");
        var environment = new DeployEnvironment("staging", [new FakeTarget("app-1", Version) { Live = Version }], database, null, ledger, new RetentionSettings(), new StrategySettings());
        return new RollbackService(environment, ReleaseWithPostgreSqlMigrations, line => output.WriteLine(line));
    }

    private ReleaseFiles ReleaseWithPostgreSqlMigrations(string version)
    {
        var source = Directory.CreateDirectory(Path.Combine(root, "release-" + Guid.NewGuid().ToString("N"))).FullName;
        var migrations = Directory.CreateDirectory(Path.Combine(source, "migrations", "postgresql")).FullName;
        foreach (var file in Directory.GetFiles(PostgresWorkspace.MigrationsDirectory, "*.sql"))
        {
            File.Copy(file, Path.Combine(migrations, Path.GetFileName(file)));
        }

        var layout = new ArtifactLayout(Path.Combine(root, "artifacts"), version);
        Directory.CreateDirectory(layout.Directory);
        DeterministicArchive.Create(source, layout.ArchivePath);
        return ReleaseFiles.Extract(layout);
    }

    private static async Task<Dictionary<long, string?>> StoredOrdersAsync(PostgresWorkspace workspace)
    {
        await using var connection = new NpgsqlConnection(workspace.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id, client_order_id FROM orders", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var orders = new Dictionary<long, string?>();
        while (await reader.ReadAsync())
        {
            orders[reader.GetInt64(0)] = reader.IsDBNull(1) ? null : reader.GetString(1);
        }

        return orders;
    }
}
