using System.Text.Json.Nodes;
using Pipeline.Build.Tests.Deploys;
using Pipeline.Build.Tests.Ssh;
using Pipeline.Core.Analysis;
using Pipeline.Core.Deployment;
using Pipeline.Core.Routing;
using Pipeline.Core.Tests.Support;
using Pipeline.Testing;
using Xunit.Abstractions;

namespace Pipeline.Build.Tests.Routing;

/// <summary>
/// A canary over three hosts over SSH (real sshd and app on their own loopback addresses, one PostgreSQL database)
/// behind a real haproxy, through the real build host, under a trading desk's load sent to haproxy; no Prometheus is
/// configured, so haproxy's 5xx counters of the canary server are the gate.
/// </summary>
[Collection(DeployTestGroup.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class CanaryBehindHaproxyTests : IClassFixture<PostgresServer>, IAsyncLifetime, IDisposable
{
    private readonly ReleaseArtifacts artifacts;
    private readonly PostgresServer postgres;
    private readonly ITestOutputHelper output;
    private readonly FleetBehindHaproxy stage;
    private readonly SshFleet fleet;
    private readonly DeployWorkspace workspace;

    public CanaryBehindHaproxyTests(ReleaseArtifacts artifacts, PostgresServer postgres, ITestOutputHelper output)
    {
        this.artifacts = artifacts;
        this.postgres = postgres;
        this.output = output;
        stage = new FleetBehindHaproxy(new SshFleet(3, firstAddress: 64), "TRADING_TEST_PG_CANARY", new JsonObject
        {
            ["kind"] = "canary",
            ["steps"] = new JsonArray(
                new JsonObject { ["weight"] = 20, ["pause"] = "3s" },
                new JsonObject { ["weight"] = 100, ["pause"] = "1s" }),
            ["analysis"] = new JsonObject { ["interval"] = "1s", ["failureLimit"] = 0, ["inconclusiveLimit"] = 3 },
        });
        fleet = stage.Fleet;
        workspace = stage.Workspace;
        artifacts.Install(workspace.Root, ReleaseArtifacts.V1);
    }

    public Task InitializeAsync() => stage.UseNewDatabaseAsync(postgres);

    [Fact]
    public async Task A_good_canary_under_load_reaches_every_host_with_no_failed_request_and_every_measurement_passed()
    {
        artifacts.Install(workspace.Root, ReleaseArtifacts.V2);
        Assert.True(workspace.Deploy(ReleaseArtifacts.V1) == 0, workspace.Build.Console.All);
        await using var load = TradingLoad.Start(stage.Haproxy.Url);
        await load.AcknowledgedAtLeastAsync(20);

        var exitCode = await Task.Run(() => workspace.Deploy(ReleaseArtifacts.V2));
        var report = await load.StopAsync();
        output.WriteLine(report.ToString());

        Assert.True(exitCode == 0, workspace.Build.Console.All);
        Assert.Equal(0, report.Failed);
        Assert.All(await fleet.ServedVersionsAsync(), v => Assert.Equal(ReleaseArtifacts.V2, v));
        var record = new DeploymentHistory(workspace.Store).All()[^1];
        Assert.Equal(DeploymentStatus.Succeeded, record.Status);
        Assert.NotNull(record.Analysis);
        Assert.Contains(record.Analysis, m => m.Verdict == Verdict.Passed);
        Assert.All(record.Analysis, m => Assert.NotEqual(Verdict.Failed, m.Verdict));
        Assert.All(record.Analysis, m => Assert.Equal(("balancer-5xx", "app-64", "< 0.01"), (m.Metric, m.Query, m.Condition)));
        Assert.Contains("canary step 1/2: 20 % of requests to app-64 (weights: canary 40, stable 80)", workspace.Build.Console.Output);
        Assert.All(await Router().ReadCountersAsync(), c => Assert.Equal(100, c.Weight));
    }

    [Fact]
    public async Task A_canary_answering_500_to_a_fifth_of_its_orders_is_aborted_at_the_first_step_and_every_acknowledged_order_is_kept()
    {
        artifacts.InstallChanged(workspace.Root, ReleaseArtifacts.V2, ReleaseArtifacts.V2, release =>
            File.WriteAllText(Path.Combine(release, "appsettings.release.json"), """{"Trading":{"faults":{"orderErrorPercent":20}}}"""));

        // A fifth of a fifth of the orders fail: on a busy machine a 3 s step can pass before one reaches the canary.
        // The first failed measurement ends the step at once, so a long watch costs nothing when the fault shows.
        var file = workspace.Build.EnvironmentFile("staging");
        var config = JsonNode.Parse(File.ReadAllText(file))!;
        config["deployment"]!["strategy"]!["steps"]![0]!["pause"] = "60s";
        config["deployment"]!["strategy"]!["analysis"]!["inconclusiveLimit"] = 60;
        File.WriteAllText(file, config.ToJsonString());
        Assert.True(workspace.Deploy(ReleaseArtifacts.V1) == 0, workspace.Build.Console.All);
        await using var load = TradingLoad.Start(stage.Haproxy.Url);
        await load.AcknowledgedAtLeastAsync(20);

        var exitCode = await Task.Run(() => workspace.Deploy(ReleaseArtifacts.V2));
        await load.AcknowledgedAtLeastAsync(load.Acknowledged.Count + 20);
        var report = await load.StopAsync();
        output.WriteLine(report.ToString());

        Assert.NotEqual(0, exitCode);
        var record = new DeploymentHistory(workspace.Store).All()[^1];
        Assert.Equal(DeploymentStatus.RolledBack, record.Status);
        var failed = Assert.Single(record.Analysis!, m => m.Verdict == Verdict.Failed);
        Assert.Equal(("balancer-5xx", "app-64", "< 0.01"), (failed.Metric, failed.Query, failed.Condition));
        Assert.True(failed.Value > 0.01, failed.ToString());
        Assert.Contains("canary analysis failed at step 1/2 (20 %)", workspace.Build.Console.Output);
        Assert.DoesNotContain("canary step 2/2", workspace.Build.Console.Output);
        Assert.Equal([("app-64", "healthy"), ("app-65", "untouched"), ("app-66", "untouched")], record.Targets.Select(t => (t.Target, t.Status)).ToList());
        Assert.All(await fleet.ServedVersionsAsync(), v => Assert.Equal(ReleaseArtifacts.V1, v));
        Assert.All(await Router().ReadCountersAsync(), c => Assert.Equal(100, c.Weight));
        Assert.Equal((0, 0, 0), (report.Refused, report.Timeouts, report.OtherFailures));
        var stored = await stage.StoredOrdersAsync();
        Assert.All(load.Acknowledged, a => Assert.Equal(a.ClientOrderId, stored.GetValueOrDefault(a.Id)));
        var notice = JsonNode.Parse(workspace.Store.Read(workspace.Store.List("notifications/").Order(StringComparer.Ordinal).Last())!)!;
        Assert.Equal(record.Analysis!.Select(m => m.ToString()), notice["measurements"]!.AsArray().Select(m => m!.GetValue<string>()));
    }

    [Theory]
    [InlineData("--promote")]
    [InlineData("--abort")]
    public async Task A_second_run_with_promote_or_abort_ends_a_canary_held_in_a_long_pause(string order)
    {
        var file = workspace.Build.EnvironmentFile("staging");
        var config = JsonNode.Parse(File.ReadAllText(file))!;
        config["deployment"]!["strategy"]!["steps"] = new JsonArray(new JsonObject { ["weight"] = 20, ["pause"] = "30m" }, new JsonObject { ["weight"] = 100, ["pause"] = "30m" });
        File.WriteAllText(file, config.ToJsonString());
        artifacts.Install(workspace.Root, ReleaseArtifacts.V2);
        Assert.True(workspace.Deploy(ReleaseArtifacts.V1) == 0, workspace.Build.Console.All);

        var deploying = Task.Run(() => workspace.Deploy(ReleaseArtifacts.V2));
        var deployLog = await ConsoleOnceAsync("canary step 1/2");
        var signalled = workspace.Build.Run("--target=Deploy", "--exclusive", "--env=staging", order);
        var exitCode = await deploying;

        Assert.True(signalled == 0, workspace.Build.Console.All);
        Assert.Contains($"to {order[2..]} its canary", workspace.Build.Console.Output);
        Assert.Contains($"asked to {order[2..]} the canary", deployLog.Output);
        var record = new DeploymentHistory(workspace.Store).All()[^1];
        if (order == "--promote")
        {
            Assert.True(exitCode == 0, deployLog.All);
            Assert.Contains("canary step 2/2: 100 % of requests to app-64", deployLog.Output);
            Assert.Contains("watched for 30m (promoted: no pause)", deployLog.Output);
            Assert.All(await fleet.ServedVersionsAsync(), v => Assert.Equal(ReleaseArtifacts.V2, v));
        }
        else
        {
            Assert.NotEqual(0, exitCode);
            Assert.Equal(DeploymentStatus.RolledBack, record.Status);
            Assert.Contains("(Deploy --abort) at step 1/2", record.Reason, StringComparison.Ordinal);
            Assert.All(await fleet.ServedVersionsAsync(), v => Assert.Equal(ReleaseArtifacts.V1, v));
        }

        Assert.All(await Router().ReadCountersAsync(), c => Assert.Equal(100, c.Weight));
    }

    [Fact]
    public void Promote_with_no_deploy_in_progress_is_refused_and_changes_nothing()
    {
        var exitCode = workspace.Build.Run("--target=Deploy", "--exclusive", "--env=staging", "--promote");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("--promote: no deploy of staging is in progress (nobody holds its deploy lock)", workspace.Build.Console.All);
        Assert.Empty(new DeploymentHistory(workspace.Store).All());
    }

    public Task DisposeAsync() => Task.CompletedTask;

    // The console of the run in progress once it printed the line; a second run replaces the workspace's console.
    private async Task<RecordingConsole> ConsoleOnceAsync(string line)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        while (!workspace.Build.Console.Output.Contains(line, StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, $"no \"{line}\" within 5 minutes:\n{workspace.Build.Console.All}");
            await Task.Delay(200);
        }

        return workspace.Build.Console;
    }

    public void Dispose() => stage.Dispose();

    private HaproxyRouter Router() => stage.Router();
}
