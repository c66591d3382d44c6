using System.Text.Json.Nodes;
using Pipeline.Build.Tests.Deploys;
using Pipeline.Core.Deployment;
using Pipeline.Core.Processes;
using Pipeline.Core.Tests.Support;
using Pipeline.Testing;

namespace Pipeline.Build.Tests.Ssh;

/// <summary>
/// The front door on every ssh host, through the real build host: three hosts, each a real sshd on its own loopback
/// address running the release's front door and the real app, a trading desk's load on every host, orders in a
/// PostgreSQL database on a real server.
/// </summary>
[Collection(DeployTestGroup.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SshFrontDoorTests : IClassFixture<PostgresServer>, IAsyncLifetime, IDisposable
{
    private const string ConnectionVariable = "TRADING_TEST_PG_FRONT_DOORS";
    private readonly PostgresServer postgres;
    private readonly SshFleet fleet = new(3);
    private readonly DeployWorkspace workspace;
    private string connectionString = string.Empty;

    public SshFrontDoorTests(ReleaseArtifacts artifacts, PostgresServer postgres)
    {
        this.postgres = postgres;
        workspace = new DeployWorkspace("staging", config =>
        {
            config["database"] = new JsonObject { ["engine"] = "postgresql", ["connectionString"] = $"env:{ConnectionVariable}" };
            config["deployment"]!["targets"] = fleet.Targets();
            config["deployment"]!["strategy"] = new JsonObject { ["kind"] = "rolling", ["batchSize"] = 1 };
            config["deployment"]!["healthCheck"] = new JsonObject { ["path"] = "/health", ["retries"] = 30, ["intervalSeconds"] = 1, ["timeoutSeconds"] = 30 };
        });
        foreach (var version in new[] { ReleaseArtifacts.V1, ReleaseArtifacts.V2 })
        {
            artifacts.Install(workspace.Root, version);
        }
    }

    public async Task InitializeAsync()
    {
        connectionString = (await postgres.CreateDatabaseAsync()).ToConnectionString(pooling: false);
        Environment.SetEnvironmentVariable(ConnectionVariable, connectionString);
    }

    [Fact]
    public async Task A_rolling_deploy_and_a_rollback_under_load_refuse_no_connection_on_any_host_and_keep_every_acknowledged_order()
    {
        Deploys(ReleaseArtifacts.V1);

        var loads = fleet.Hosts.Select(h => TradingLoad.Start(fleet.Url(h))).ToList();
        LoadReport[] reports;
        try
        {
            await Task.WhenAll(loads.Select(l => l.AcknowledgedAtLeastAsync(1)));
            Deploys(ReleaseArtifacts.V2);
            Assert.All(await fleet.ServedVersionsAsync(), v => Assert.Equal(ReleaseArtifacts.V2, v));
            workspace.Build.Succeeds("--target=Rollback", "--env=staging", "--component=application");
            Assert.All(await fleet.ServedVersionsAsync(), v => Assert.Equal(ReleaseArtifacts.V1, v));
            reports = await Task.WhenAll(loads.Select(l => l.StopAsync()));
        }
        finally
        {
            foreach (var load in loads)
            {
                await load.DisposeAsync();
            }
        }

        var stored = await OrderIdsInDatabaseAsync();
        foreach (var (host, report) in fleet.Hosts.Zip(reports))
        {
            Assert.True(report.Failed == 0, $"{host.Address}: {report}");
            Assert.True(report.Acknowledged.Count > 0, $"{host.Address}: {report}");
            Assert.Empty(report.Acknowledged.Except(stored));
            Assert.Equal([ReleaseArtifacts.V1, ReleaseArtifacts.V2], report.VersionsSeen.Keys.Order());
        }

        Assert.Contains("it takes no traffic until it is healthy", workspace.Build.Console.Output);
    }

    [Fact]
    public async Task An_app_killed_with_SIGKILL_on_a_host_is_restarted_by_that_hosts_front_door_and_answers_again_without_refusing_a_connection()
    {
        Deploys(ReleaseArtifacts.V1);
        var host = fleet.Hosts[1];
        var supervisor = new AppSupervisor(host.Server);
        var killed = supervisor.RunningProcess()!.Value;

        LoadReport report;
        await using (var load = TradingLoad.Start(fleet.Url(host)))
        {
            await load.AcknowledgedAtLeastAsync(1);
            ProcessLauncher.Instance.Signal(killed, UnixSignal.Kill);
            Assert.True(await RestartedAsync(supervisor, killed), $"the front door on {host.Address} did not restart the app within 60 s");
            await load.AcknowledgedAtLeastAsync(load.Acknowledged.Count + 1);
            report = await load.StopAsync();
        }

        // Requests the killed process was answering die with it (at most one a client); none is refused or times out.
        Assert.True(report is { Refused: 0, Timeouts: 0, ServerErrors: 0, OtherFailures: <= 3 }, report.ToString());
        Assert.Empty(report.Acknowledged.Except(await OrderIdsInDatabaseAsync()));
        Assert.Equal(ReleaseArtifacts.V1, await fleet.ServedVersionAsync(host));
        Assert.Contains("restarting it", File.ReadAllText(Path.Combine(host.Server.Shared, "logs", "frontdoor.log")));

        workspace.Build.Succeeds("--target=Status", "--env=staging");
        var status = workspace.Build.Console.Output;
        Assert.Contains("1 restart(s) after the app died", status);
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Count(status, $"{ReleaseArtifacts.V1} +healthy +{ReleaseArtifacts.V1}"));
    }

    [Fact]
    public async Task A_front_door_killed_with_SIGKILL_on_a_host_is_reported_down_by_Status_and_the_next_deploy_starts_it_again()
    {
        Deploys(ReleaseArtifacts.V1);
        var host = fleet.Hosts[2];
        var supervisor = new AppSupervisor(host.Server);
        var app = supervisor.RunningProcess()!.Value;
        var killed = supervisor.FrontDoorProcess()!.Value;

        ProcessLauncher.Instance.Signal(killed, UnixSignal.Kill);
        for (var attempt = 0; attempt < 100 && supervisor.FrontDoorProcess() is not null; attempt++)
        {
            await Task.Delay(100);
        }

        Assert.Null(await fleet.ServedVersionAsync(host));
        workspace.Build.Succeeds("--target=Status", "--env=staging");
        Assert.Contains($"down: the front door is not running on {SshFleet.TargetName(host)}", workspace.Build.Console.Output);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(workspace.Build.Console.Output, $"{ReleaseArtifacts.V1} +healthy +{ReleaseArtifacts.V1}"));

        Deploys(ReleaseArtifacts.V2);
        Assert.Contains($"started the front door on {SshFleet.TargetName(host)}", workspace.Build.Console.Output);
        Assert.NotEqual(killed, supervisor.FrontDoorProcess());
        Assert.Contains($"adopted {ReleaseArtifacts.V1} (process {app},", File.ReadAllText(Path.Combine(host.Server.Shared, "logs", "frontdoor.log")));
        Assert.All(await fleet.ServedVersionsAsync(), v => Assert.Equal(ReleaseArtifacts.V2, v));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        fleet.Dispose();
        Environment.SetEnvironmentVariable(ConnectionVariable, null);
        workspace.Dispose();
    }

    private static async Task<bool> RestartedAsync(AppSupervisor supervisor, int killed)
    {
        for (var attempt = 0; attempt < 120; attempt++)
        {
            if (supervisor.RunningProcess() is { } pid && pid != killed && supervisor.State()?.App == Core.FrontDoor.AppStates.Serving)
            {
                return true;
            }

            await Task.Delay(500);
        }

        return false;
    }

    private void Deploys(string version) => workspace.Build.Succeeds("--target=Deploy", "--exclusive", "--env=staging", $"--app-version={version}");

    private Task<HashSet<long>> OrderIdsInDatabaseAsync() => PostgresOrders.IdsAsync(connectionString);
}
