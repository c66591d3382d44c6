using Microsoft.Data.Sqlite;
using Pipeline.Core.Databases.Reconciliation;
using Pipeline.Core.Deployment;
using Pipeline.Testing;
using Xunit.Abstractions;

namespace Pipeline.Build.Tests.Deploys;

/// <summary>
/// Acknowledged orders under a trading desk's load (<see cref="TradingLoad"/>) against the real app of the development
/// environment, through the real build host: a manual database rollback and a deploy that fails its health check after
/// a migration. An order acknowledged with 201 must be in the database or, after a database rollback, in its
/// reconciliation file, and no id may be given to two orders.
/// </summary>
[Collection(DeployTestGroup.Name)]
public sealed class OrdersUnderLoadTests(ReleaseArtifacts artifacts, ITestOutputHelper output) : IDisposable
{
    private readonly DeployWorkspace workspace = new();

    [Fact]
    public async Task A_database_rollback_under_load_keeps_every_acknowledged_order_in_the_database_or_the_reconciliation_file_and_reuses_no_id()
    {
        artifacts.Install(workspace.Root, ReleaseArtifacts.V1);
        artifacts.Install(workspace.Root, ReleaseArtifacts.V2);
        Assert.Equal(0, workspace.Deploy(ReleaseArtifacts.V1));
        await workspace.PlaceOrderAsync("MSFT", 5, 410.25m);
        Assert.Equal(0, workspace.Deploy(ReleaseArtifacts.V2));
        await using var load = TradingLoad.Start(workspace.Url);
        await load.AcknowledgedAtLeastAsync(30);

        var exitCode = await Task.Run(() => workspace.Rollback("--component=database"));
        var finished = DateTimeOffset.UtcNow;
        await WritesAcknowledgedAfterAsync(load, finished);
        await load.StopAsync();

        Assert.True(exitCode == 0, workspace.Build.Console.All);
        var record = new DeploymentHistory(workspace.Store).All()[^1];
        var file = WrittenSinceBackup.Read(workspace.Store, WrittenSinceBackup.KeyOf(workspace.Environment, record.Id));
        Assert.NotNull(file);
        var saved = file.Tables.Single(t => t.Table == "orders").Rows.ToDictionary(r => r["id"]!.ToString()!, r => r["client_order_id"]?.ToString());
        var stored = StoredOrders();
        var acknowledged = load.Acknowledged.ToList();
        var lost = acknowledged.Where(a => stored.GetValueOrDefault(a.Id.ToString()) != a.ClientOrderId && saved.GetValueOrDefault(a.Id.ToString()) != a.ClientOrderId).ToList();
        output.WriteLine($"acknowledged {acknowledged.Count}, saved to the reconciliation file {saved.Count}, in the database {stored.Count}, lost {lost.Count}, writes refused with 503 {load.RefusedWrites}, reads {load.Reads} ({load.FailedReads.Count} failed)");

        Assert.Empty(lost);
        Assert.Equal(acknowledged.Count, acknowledged.Select(a => a.Id).Distinct().Count());
        Assert.DoesNotContain(saved, row => stored.TryGetValue(row.Key, out var other) && other != row.Value);
        Assert.NotEmpty(saved);
        Assert.Equal((file.RowCount, $"{workspace.Store.Location}/{WrittenSinceBackup.KeyOf(workspace.Environment, record.Id)}"), (record.ReconciledRows, record.ReconciliationFile));
        Assert.Contains($"{file.RowCount} row(s) written since backup {record.BackupId} are saved in {record.ReconciliationFile}", workspace.Build.Console.Output);
        // Whether one of the load's writes lands inside the freeze is a matter of timing (on a quiet machine none did);
        // that a frozen app answers writes 503 is WriteFreezeTests'. Here: the writes were stopped during the restore.
        Assert.Contains("writes are stopped (", workspace.Build.Console.Output);
        Assert.Equal(0, load.RefusedWithoutRetryAfter);
        Assert.Equal(0, load.FailedWrites);
        Assert.Empty(load.FailedReads);
        var highestSaved = saved.Keys.Max(long.Parse);
        Assert.All(acknowledged.Where(a => a.At > finished), a => Assert.True(a.Id > highestSaved, $"order {a.Id}, acknowledged after the rollback, has an id not above the saved {highestSaved}"));
    }

    [Fact]
    public async Task A_deploy_that_fails_its_health_check_after_a_migration_under_load_loses_no_acknowledged_order_and_restores_nothing()
    {
        const string Broken = "2026.11.22-badbad2";
        artifacts.Install(workspace.Root, ReleaseArtifacts.V1);
        artifacts.InstallBroken(workspace.Root, Broken, withMigration: true);
        Assert.Equal(0, workspace.Deploy(ReleaseArtifacts.V1));
        await using var load = TradingLoad.Start(workspace.Url);
        await load.AcknowledgedAtLeastAsync(30);

        var exitCode = await Task.Run(() => workspace.Deploy(Broken));
        await WritesAcknowledgedAfterAsync(load, DateTimeOffset.UtcNow);
        await load.StopAsync();

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Rolled back automatically", workspace.Build.Console.Error);
        var stored = StoredOrders();
        var acknowledged = load.Acknowledged.ToList();
        var lost = acknowledged.Where(a => stored.GetValueOrDefault(a.Id.ToString()) != a.ClientOrderId).ToList();
        output.WriteLine($"acknowledged {acknowledged.Count}, in the database {stored.Count}, lost {lost.Count}, writes not acknowledged while the app switched {load.FailedWrites}");
        Assert.Empty(lost);
        Assert.Equal(acknowledged.Count, acknowledged.Select(a => a.Id).Distinct().Count());
        var record = new DeploymentHistory(workspace.Store).All()[^1];
        Assert.Equal(DeploymentStatus.RolledBack, record.Status);
        Assert.Null(record.SafetyBackupId);
        Assert.Null(record.ReconciliationFile);
        Assert.Empty(workspace.Store.List(WrittenSinceBackup.Prefix));
        Assert.Equal(3, Core.Backups.SqliteSnapshot.SchemaVersion(workspace.Database));
    }

    public void Dispose() => workspace.Dispose();

    private static async Task WritesAcknowledgedAfterAsync(TradingLoad load, DateTimeOffset after)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!load.Acknowledged.Any(a => a.At > after))
        {
            await Task.Delay(20, timeout.Token);
        }
    }

    private Dictionary<string, string?> StoredOrders()
    {
        using var connection = new SqliteConnection($"Data Source={workspace.Database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, client_order_id FROM orders";
        using var reader = command.ExecuteReader();
        var orders = new Dictionary<string, string?>();
        while (reader.Read())
        {
            orders[reader.GetInt64(0).ToString(System.Globalization.CultureInfo.InvariantCulture)] = reader.IsDBNull(1) ? null : reader.GetString(1);
        }

        return orders;
    }
}
