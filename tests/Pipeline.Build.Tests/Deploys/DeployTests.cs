using Pipeline.Core.Deployment;
using Pipeline.Core.State;

namespace Pipeline.Build.Tests.Deploys;

[Collection(DeployTestGroup.Name)]
public sealed class DeployTests(ReleaseArtifacts artifacts) : IDisposable
{
    private readonly DeployWorkspace workspace = new();

    [Fact]
    public async Task A_deploy_leaves_the_app_serving_records_it_and_reports_it()
    {
        artifacts.Install(workspace.Root, ReleaseArtifacts.V1);

        workspace.Build.Succeeds("--target=Deploy", "--exclusive", "--env=development", $"--app-version={ReleaseArtifacts.V1}");

        Assert.Equal(ReleaseArtifacts.V1, await workspace.LiveVersionAsync());
        Assert.Equal(ReleaseArtifacts.V1, workspace.Server.CurrentVersion());
        Assert.Contains($"it serves on {workspace.Url}", workspace.Build.Console.Output);
        var record = Assert.Single(new DeploymentHistory(workspace.Store).All());
        Assert.Equal(DeploymentStatus.Succeeded, record.Status);
        Assert.NotNull(record.BackupId);

        var report = File.ReadAllText(Path.Combine(workspace.Root, "artifacts", "reports", $"development-{record.Id}.html"));
        Assert.Contains($"Report: artifacts/reports/development-{record.Id}.html", workspace.Build.Console.Output);
        Assert.Contains("<title>Deploy of development: succeeded</title>", report);
        Assert.Contains($"(nothing live) → {ReleaseArtifacts.V1}", report);
        Assert.Contains(record.BackupId, report);
        Assert.Matches(@"<td>\+[0-9.]+ s</td><td>step 1/\d+: ", report);
        Assert.Contains("<td>Deploy</td>", report);
        Assert.Contains($"({workspace.Url})", report);
        Assert.Matches(@"audit head \d+ sha256:[0-9a-f]+", report);

        workspace.Build.Succeeds("--target=History", "--env=development", "--report");
        Assert.Contains("deployment frequency: 7 successful deploys a week (1 of 1 deploys)", workspace.Build.Console.Output);
        Assert.Contains("change failure rate: 0% (0 of 1 deploys failed or were undone)", workspace.Build.Console.Output);
        Assert.Contains("lead time, commit to live (median): unknown", workspace.Build.Console.Output);
        var history = File.ReadAllText(Path.Combine(workspace.Root, "artifacts", "reports", "history-development.html"));
        Assert.Contains("<svg xmlns=\"http://www.w3.org/2000/svg\"", history);
        Assert.Contains(": 1 live, 0 failed", history);
    }

    [Fact]
    public async Task A_deploy_that_fails_its_health_check_after_a_migration_leaves_the_old_version_serving_with_its_orders()
    {
        artifacts.Install(workspace.Root, ReleaseArtifacts.V1);
        artifacts.InstallBroken(workspace.Root, "2026.11.22-badbad1", withMigration: true);
        Assert.Equal(0, workspace.Deploy(ReleaseArtifacts.V1));
        var before = new[] { await workspace.PlaceOrderAsync("AAPL", 100, 187.5m), await workspace.PlaceOrderAsync("MSFT", 5, 410.25m) };

        var exitCode = workspace.Deploy("2026.11.22-badbad1");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Rolled back automatically", workspace.Build.Console.Error);
        Assert.Equal(ReleaseArtifacts.V1, await workspace.LiveVersionAsync());
        Assert.Equal(ReleaseArtifacts.V1, workspace.Server.CurrentVersion());
        Assert.Equal(before, await workspace.OrderIdsAsync());
        Assert.Equal(3, Core.Backups.SqliteSnapshot.SchemaVersion(workspace.Database));
        var record = new DeploymentHistory(workspace.Store).All()[^1];
        Assert.Equal(DeploymentStatus.RolledBack, record.Status);
        Assert.Null(record.SafetyBackupId);
        Assert.Contains("the database keeps the migrated schema (0003_add_order_notes, expand only)", workspace.Build.Console.Error);
    }

    [Fact]
    public async Task A_contract_migration_is_refused_without_allow_contract_and_nothing_changes()
    {
        const string Contract = "2026.11.22-c0c0c0c";
        artifacts.Install(workspace.Root, ReleaseArtifacts.V1);
        artifacts.InstallChanged(workspace.Root, Contract, ReleaseArtifacts.V2, release =>
            File.WriteAllText(Path.Combine(release, "migrations", "0003_contract_drop_client_order_id.up.sql"), "ALTER TABLE orders DROP COLUMN client_order_id;"));
        Assert.Equal(0, workspace.Deploy(ReleaseArtifacts.V1));

        Assert.NotEqual(0, workspace.Deploy(Contract));

        Assert.Contains("0003_contract_drop_client_order_id", workspace.Build.Console.Error);
        Assert.Contains("--allow-contract", workspace.Build.Console.Error);
        Assert.Equal(2, Core.Backups.SqliteSnapshot.SchemaVersion(workspace.Database));
        Assert.False(workspace.Server.HasRelease(Contract));
        Assert.Equal(ReleaseArtifacts.V1, await workspace.LiveVersionAsync());
    }

    [Fact]
    public async Task A_second_deploy_while_one_holds_the_lock_is_refused_with_the_holders_details()
    {
        artifacts.Install(workspace.Root, ReleaseArtifacts.V1);
        var held = StaleLock("alice@desk-7");
        workspace.Store.Put(DeployLock.Key, held);

        var exitCode = workspace.Deploy(ReleaseArtifacts.V1);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("development is locked: deploy by alice@desk-7", workspace.Build.Console.Error);
        Assert.Contains($"(process {held.ProcessId})", workspace.Build.Console.Error);
        Assert.Null(workspace.Server.CurrentVersion());
        Assert.Null(await workspace.LiveVersionAsync());

        workspace.Build.Succeeds("--target=Deploy", "--exclusive", "--env=development", $"--app-version={ReleaseArtifacts.V1}", "--break-lock");
        Assert.Contains(new Core.Audit.AuditJournal(workspace.Store, new Core.Secrets.SecretMasker()).ReadAll(), r => r.What.Action == "lock-break");
    }

    [Fact]
    public async Task Ten_failed_deploys_in_a_row_keep_the_last_good_release_and_rollback_reaches_it()
    {
        artifacts.Install(workspace.Root, ReleaseArtifacts.V1);
        artifacts.Install(workspace.Root, ReleaseArtifacts.V2);
        Assert.Equal(0, workspace.Deploy(ReleaseArtifacts.V1));
        Assert.Equal(0, workspace.Deploy(ReleaseArtifacts.V2));
        var order = await workspace.PlaceOrderAsync("NVDA", 10, 120m);

        for (var i = 0; i < 10; i++)
        {
            var bad = $"2026.11.22-bad{i:D4}";
            artifacts.InstallBroken(workspace.Root, bad, withMigration: false);
            Assert.NotEqual(0, workspace.Deploy(bad));
        }

        Assert.Equal(ReleaseArtifacts.V2, await workspace.LiveVersionAsync());
        Assert.Equal([ReleaseArtifacts.V1, ReleaseArtifacts.V2], workspace.Server.KeptVersions());

        workspace.Build.Succeeds("--target=Rollback", "--env=development");
        Assert.Equal(ReleaseArtifacts.V1, await workspace.LiveVersionAsync());
        Assert.Contains(order, await workspace.OrderIdsAsync());
        var rollback = new DeploymentHistory(workspace.Store).All()[^1];
        Assert.Equal(DeploymentKind.Rollback, rollback.Kind);
        Assert.Equal(ReleaseArtifacts.V2, rollback.FromVersion);
        Assert.NotNull(rollback.RollsBack);
    }

    [Fact]
    public async Task Orders_survive_a_deploy_and_an_application_rollback()
    {
        artifacts.Install(workspace.Root, ReleaseArtifacts.V1);
        artifacts.Install(workspace.Root, ReleaseArtifacts.V2);
        Assert.Equal(0, workspace.Deploy(ReleaseArtifacts.V1));
        var first = await workspace.PlaceOrderAsync("AAPL", 1, 1m);

        Assert.Equal(0, workspace.Deploy(ReleaseArtifacts.V2));
        Assert.Equal(ReleaseArtifacts.V2, await workspace.LiveVersionAsync());
        var second = await workspace.PlaceOrderAsync("GOOG", 2, 2m);

        workspace.Build.Succeeds("--target=Rollback", "--env=development", "--component=application");

        Assert.Equal(ReleaseArtifacts.V1, await workspace.LiveVersionAsync());
        Assert.Equal([first, second], await workspace.OrderIdsAsync());
    }

    [Fact]
    public async Task A_database_rollback_restores_the_backup_of_the_live_deploy_after_a_safety_backup()
    {
        artifacts.Install(workspace.Root, ReleaseArtifacts.V1);
        artifacts.Install(workspace.Root, ReleaseArtifacts.V2);
        Assert.Equal(0, workspace.Deploy(ReleaseArtifacts.V1));
        var kept = await workspace.PlaceOrderAsync("AAPL", 1, 1m);
        Assert.Equal(0, workspace.Deploy(ReleaseArtifacts.V2));
        await workspace.PlaceOrderAsync("TSLA", 3, 3m);
        var backupsBefore = new Core.Backups.SqliteBackupService(workspace.Store).List().Count;

        workspace.Build.Succeeds("--target=Rollback", "--env=development", "--component=database");

        Assert.Equal([kept], await workspace.OrderIdsAsync());
        Assert.Equal(ReleaseArtifacts.V2, await workspace.LiveVersionAsync());
        Assert.Equal(backupsBefore + 1, new Core.Backups.SqliteBackupService(workspace.Store).List().Count);
    }

    [Fact]
    public async Task A_rollback_to_a_tampered_backup_is_refused_and_changes_nothing()
    {
        artifacts.Install(workspace.Root, ReleaseArtifacts.V1);
        artifacts.Install(workspace.Root, ReleaseArtifacts.V2);
        Assert.Equal(0, workspace.Deploy(ReleaseArtifacts.V1));
        var order = await workspace.PlaceOrderAsync("AMZN", 4, 4m);
        Assert.Equal(0, workspace.Deploy(ReleaseArtifacts.V2));
        var backup = new DeploymentHistory(workspace.Store).All()[^1].BackupId!;
        var file = Path.Combine(workspace.Root, ".pipeline", "state", "development", "backups", backup, "database.sqlite");
        File.AppendAllText(file, "tampered");

        var exitCode = workspace.Rollback("--component=database", $"--to={backup}");

        Assert.True(exitCode != 0, workspace.Build.Console.All);
        Assert.True(workspace.Build.Console.Error.Contains("Refusing to restore", StringComparison.Ordinal), workspace.Build.Console.All);
        Assert.Contains("sha256", workspace.Build.Console.Error);
        Assert.Equal([order], await workspace.OrderIdsAsync());
    }

    [Fact]
    public async Task A_config_rollback_restores_the_snapshot_taken_with_the_live_deploy()
    {
        artifacts.Install(workspace.Root, ReleaseArtifacts.V1);
        var file = workspace.Build.EnvironmentFile("development");
        var original = File.ReadAllText(file);
        Assert.Equal(0, workspace.Deploy(ReleaseArtifacts.V1));
        File.WriteAllText(file, original.Replace("\"riskLimitsV2\": true", "\"riskLimitsV2\": false", StringComparison.Ordinal));

        workspace.Build.Succeeds("--target=Rollback", "--env=development", "--component=config");

        Assert.Equal(original, File.ReadAllText(file));
        Assert.Equal(ReleaseArtifacts.V1, await workspace.LiveVersionAsync());
        Assert.Contains("\"riskLimitsV2\": true", File.ReadAllText(workspace.Server.SettingsFile));
    }

    [Fact]
    public void A_dry_run_prints_the_plan_and_changes_nothing()
    {
        artifacts.Install(workspace.Root, ReleaseArtifacts.V1);

        workspace.Build.Succeeds("--target=Deploy", "--exclusive", "--env=development", $"--app-version={ReleaseArtifacts.V1}", "--dryrun");

        Assert.Contains("run 2 migration(s) from schema version 0", workspace.Build.Console.Output);
        Assert.Contains($"put release {ReleaseArtifacts.V1} on local ({workspace.Server.Root})", workspace.Build.Console.Output);
        Assert.Contains($"cut-over [local]: write the settings, switch to {ReleaseArtifacts.V1}, restart", workspace.Build.Console.Output);
        Assert.False(Directory.Exists(workspace.Server.Root));
        Assert.Empty(workspace.Store.List(string.Empty));
    }

    [Fact]
    public async Task The_audit_journal_records_every_deploy_and_verifies()
    {
        artifacts.Install(workspace.Root, ReleaseArtifacts.V1);
        Assert.Equal(0, workspace.Deploy(ReleaseArtifacts.V1));
        Assert.Equal(ReleaseArtifacts.V1, await workspace.LiveVersionAsync());

        workspace.Build.Succeeds("--target=AuditVerify", "--env=development");
        Assert.Contains("is intact: 2 record(s)", workspace.Build.Console.Output);

        var record = Path.Combine(workspace.Root, ".pipeline", "state", "development", "audit", "00000001.json");
        File.WriteAllText(record, File.ReadAllText(record).Replace("root", "mallory", StringComparison.Ordinal).Replace(Environment.UserName, "mallory", StringComparison.Ordinal));
        Assert.NotEqual(0, workspace.Build.Run("--target=AuditVerify", "--env=development"));
        Assert.Contains("00000001.json", workspace.Build.Console.Error);
    }

    [Fact]
    public void A_failed_deploy_run_is_notified_with_the_failing_task_and_reason()
    {
        var exitCode = workspace.Deploy("2026.11.22-0000000");

        Assert.NotEqual(0, exitCode);
        var key = Assert.Single(workspace.Store.List("notifications/"));
        var notice = System.Text.Encoding.UTF8.GetString(workspace.Store.Read(key)!);
        Assert.Contains("\"outcome\": \"failed\"", notice);
        Assert.Contains("\"failedTask\": \"Deploy\"", notice);
        Assert.True(notice.Contains("No artifact of 2026.11.22-0000000", StringComparison.Ordinal), notice);
        Assert.Contains("Deploy of development failed", workspace.Build.Console.Output);
    }

    /// <summary>A lock left by a run whose process has ended, as --break-lock is for (a live holder on this host cannot be broken).</summary>
    private static LockHolder StaleLock(string user)
    {
        using var ended = System.Diagnostics.Process.Start("true")!;
        ended.WaitForExit();
        var now = DateTimeOffset.UtcNow;
        return new LockHolder(Guid.NewGuid().ToString("N"), "deploy", "development", user, Environment.MachineName, ended.Id, now, now + TimeSpan.FromMinutes(10));
    }

    public void Dispose() => workspace.Dispose();
}
