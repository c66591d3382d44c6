using System.Text.Json.Nodes;
using Pipeline.Build.Tests.Deploys;
using Pipeline.Build.Tests.Ssh;
using Pipeline.Core.Tests.Support;
using Pipeline.Testing;
using Xunit.Abstractions;

namespace Pipeline.Build.Tests.Routing;

/// <summary>
/// A rolling deploy to three hosts over SSH (each a real sshd and the real app on its own loopback address, sharing a
/// PostgreSQL database) behind a real haproxy, through the real build host, under a trading desk's load sent to haproxy.
/// </summary>
[Collection(DeployTestGroup.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class RollingBehindHaproxyTests : IClassFixture<PostgresServer>, IAsyncLifetime, IDisposable
{
    private readonly PostgresServer postgres;
    private readonly ITestOutputHelper output;
    private readonly FleetBehindHaproxy stage;
    private readonly SshFleet fleet;
    private readonly HaproxyServer haproxy;
    private readonly DeployWorkspace workspace;

    public RollingBehindHaproxyTests(ReleaseArtifacts artifacts, PostgresServer postgres, ITestOutputHelper output)
    {
        this.postgres = postgres;
        this.output = output;
        stage = new FleetBehindHaproxy(new SshFleet(3, firstAddress: 61), "TRADING_TEST_PG_ROUTED", new JsonObject { ["kind"] = "rolling", ["batchSize"] = 1 });
        (fleet, haproxy, workspace) = (stage.Fleet, stage.Haproxy, stage.Workspace);
        foreach (var version in new[] { ReleaseArtifacts.V1, ReleaseArtifacts.V2 })
        {
            artifacts.Install(workspace.Root, version);
        }
    }

    public Task InitializeAsync() => stage.UseNewDatabaseAsync(postgres);

    [Fact]
    public async Task A_rolling_deploy_drains_each_host_at_haproxy_before_its_restart_and_admits_it_when_healthy_with_no_failed_request()
    {
        Assert.True(workspace.Deploy(ReleaseArtifacts.V1) == 0, workspace.Build.Console.All);
        await using var load = TradingLoad.Start(haproxy.Url);
        await load.AcknowledgedAtLeastAsync(20);

        var exitCode = await Task.Run(() => workspace.Deploy(ReleaseArtifacts.V2));
        await load.AcknowledgedAtLeastAsync(load.Acknowledged.Count + 20);
        var report = await load.StopAsync();
        output.WriteLine(report.ToString());

        Assert.True(exitCode == 0, workspace.Build.Console.All);
        AssertEachHostDrainedThenRestartedThenAdmitted(workspace.Build.Console.Output);
        Assert.Equal(0, report.Failed);
        Assert.All(await fleet.ServedVersionsAsync(), v => Assert.Equal(ReleaseArtifacts.V2, v));
        Assert.True(report.VersionsSeen.ContainsKey(ReleaseArtifacts.V1) && report.VersionsSeen.ContainsKey(ReleaseArtifacts.V2), report.ToString());
    }

    [Fact]
    public async Task An_application_rollback_drains_each_host_at_haproxy_before_switching_it_with_no_failed_request()
    {
        Assert.True(workspace.Deploy(ReleaseArtifacts.V1) == 0, workspace.Build.Console.All);
        Assert.True(workspace.Deploy(ReleaseArtifacts.V2) == 0, workspace.Build.Console.All);
        await using var load = TradingLoad.Start(haproxy.Url);
        await load.AcknowledgedAtLeastAsync(20);

        var exitCode = await Task.Run(() => workspace.Rollback("--component=application"));
        await load.AcknowledgedAtLeastAsync(load.Acknowledged.Count + 20);
        var report = await load.StopAsync();
        output.WriteLine(report.ToString());

        Assert.True(exitCode == 0, workspace.Build.Console.All);
        AssertEachHostDrainedThenRestartedThenAdmitted(workspace.Build.Console.Output);
        Assert.Equal(0, report.Failed);
        Assert.All(await fleet.ServedVersionsAsync(), v => Assert.Equal(ReleaseArtifacts.V1, v));
    }

    [Fact]
    public void The_dry_run_says_each_batch_is_drained_at_the_balancer_and_admitted_again()
    {
        Assert.True(workspace.Deploy(ReleaseArtifacts.V2, "--dryrun") == 0, workspace.Build.Console.All);

        Assert.Contains($"cut-over [app-61]: drain app-61 at haproxy at {haproxy.AdminSocket}, backend trading and wait for its requests in flight", workspace.Build.Console.Output);
        Assert.Contains("then admit it again", workspace.Build.Console.Output);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private void AssertEachHostDrainedThenRestartedThenAdmitted(string log)
    {
        foreach (var host in fleet.Hosts)
        {
            var name = SshFleet.TargetName(host);
            var drained = log.IndexOf($"drained {name} (server {name}) at haproxy at {haproxy.AdminSocket}, backend trading", StringComparison.Ordinal);
            var restarted = log.IndexOf($"{name}: the front door's switch took", drained + 1, StringComparison.Ordinal);
            var admitted = log.IndexOf($"admitted {name} (server {name})", StringComparison.Ordinal);
            Assert.True(drained >= 0 && drained < restarted && restarted < admitted, $"{name}: drained at {drained}, restarted at {restarted}, admitted at {admitted}:\n{log}");
        }
    }

    public void Dispose() => stage.Dispose();
}
