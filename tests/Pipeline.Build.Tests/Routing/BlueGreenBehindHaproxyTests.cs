using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Pipeline.Build.Tests.Deploys;
using Pipeline.Build.Tests.Ssh;
using Pipeline.Core.Deployment;
using Pipeline.Core.FrontDoor;
using Pipeline.Core.Hosting;
using Pipeline.Core.Routing;
using Pipeline.Core.Tests.Support;
using Pipeline.Testing;
using Xunit.Abstractions;

namespace Pipeline.Build.Tests.Routing;

/// <summary>
/// Blue/green on two hosts over SSH (real sshd on their own loopback addresses), each with two slots: a blue and a
/// green target on the same host, their own path and port, each a server of a real haproxy; one PostgreSQL database;
/// through the real build host, under a trading desk's load sent to haproxy.
/// </summary>
[Collection(DeployTestGroup.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class BlueGreenBehindHaproxyTests : IClassFixture<PostgresServer>, IAsyncLifetime, IDisposable
{
    private static readonly string[] BothColours = ["blue", "green"];
    private static readonly string[] PidFiles = ["frontdoor.pid", "app.pid"];
    private readonly ReleaseArtifacts artifacts;
    private readonly PostgresServer postgres;
    private readonly ITestOutputHelper output;
    private readonly SshFleet fleet = new(2, firstAddress: 67);
    private readonly int greenPort = FreePort.Next();
    private readonly FleetBehindHaproxy stage;
    private readonly HaproxyServer haproxy;
    private readonly DeployWorkspace workspace;

    public BlueGreenBehindHaproxyTests(ReleaseArtifacts artifacts, PostgresServer postgres, ITestOutputHelper output)
    {
        this.artifacts = artifacts;
        this.postgres = postgres;
        this.output = output;
        stage = new FleetBehindHaproxy(
            fleet,
            "TRADING_TEST_PG_BLUEGREEN",
            new JsonObject
            {
                ["kind"] = "blueGreen",
                ["keepPreviousFor"] = "45s",
                ["blue"] = new JsonArray([.. fleet.Hosts.Select(h => (JsonNode?)Slot(h, "blue"))]),
                ["green"] = new JsonArray([.. fleet.Hosts.Select(h => (JsonNode?)Slot(h, "green"))]),
            },
            servers: [.. fleet.Hosts.SelectMany(h => BothColours.Select(c => (Slot(h, c), SlotUrl(h, c))))],
            targets: SlotTargets());
        (haproxy, workspace) = (stage.Haproxy, stage.Workspace);
        artifacts.Install(workspace.Root, ReleaseArtifacts.V1);
        artifacts.Install(workspace.Root, ReleaseArtifacts.V2);
    }

    public Task InitializeAsync() => stage.UseNewDatabaseAsync(postgres);

    [Fact]
    public async Task A_switch_and_a_rollback_under_load_fail_no_request_the_rollback_is_only_a_switch_back_at_haproxy_and_cancels_the_old_colours_stop()
    {
        Assert.True(workspace.Deploy(ReleaseArtifacts.V1) == 0, workspace.Build.Console.All);
        Assert.Equal("blue", History()[^1].LiveColour);
        await using var load = TradingLoad.Start(haproxy.Url);
        await load.AcknowledgedAtLeastAsync(20);

        var deployed = await Task.Run(() => workspace.Deploy(ReleaseArtifacts.V2));
        await load.AcknowledgedAtLeastAsync(load.Acknowledged.Count + 20);

        Assert.True(deployed == 0, workspace.Build.Console.All);
        var record = History()[^1];
        Assert.Equal(("green", "blue"), (record.LiveColour, record.WarmColour));
        Assert.True(record.WarmUntil > DateTimeOffset.UtcNow, record.WarmUntil.ToString());
        Assert.Equal(Weights(blue: 0, green: 100), await WeightsAsync());
        Assert.Equal([ReleaseArtifacts.V1, ReleaseArtifacts.V1], await ServedAsync("blue"));
        Assert.Equal([ReleaseArtifacts.V2, ReleaseArtifacts.V2], await ServedAsync("green"));
        workspace.Build.Succeeds("--target=Status", "--env=staging");
        var status = workspace.Build.Console.Output;
        Assert.Contains($"colours: green live with {ReleaseArtifacts.V2}; blue warm with {ReleaseArtifacts.V1} until {record.WarmUntil:yyyy-MM-dd HH:mm:ss} UTC", status);
        Assert.Equal(2, Regex.Count(status, $"-green +green live +{ReleaseArtifacts.V2} +healthy +{ReleaseArtifacts.V2}"));
        Assert.Equal(2, Regex.Count(status, $"-blue +blue warm +{ReleaseArtifacts.V1} +healthy +{ReleaseArtifacts.V1}"));
        Assert.DoesNotContain("drift", status, StringComparison.OrdinalIgnoreCase);

        var rolledBack = await Task.Run(() => workspace.Rollback("--component=application"));
        await load.AcknowledgedAtLeastAsync(load.Acknowledged.Count + 20);
        var report = await load.StopAsync();
        output.WriteLine(report.ToString());

        Assert.True(rolledBack == 0, workspace.Build.Console.All);
        Assert.Contains("switched all traffic to app-67-blue, app-68-blue", workspace.Build.Console.Output);
        Assert.DoesNotContain("the front door's switch took", workspace.Build.Console.Output);
        Assert.Equal(Weights(blue: 100, green: 0), await WeightsAsync());
        Assert.Equal([ReleaseArtifacts.V2, ReleaseArtifacts.V2], await ServedAsync("green"));
        Assert.Equal(("blue", "green"), (History()[^1].LiveColour, History()[^1].WarmColour));
        Assert.Equal(0, report.Failed);
        Assert.True(report.VersionsSeen.ContainsKey(ReleaseArtifacts.V1) && report.VersionsSeen.ContainsKey(ReleaseArtifacts.V2), report.ToString());

        // The deploy had blue stop at the end of its window; the rollback inside it cancelled that.
        await Task.Delay(record.WarmUntil!.Value - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(3));
        Assert.Equal([ReleaseArtifacts.V1, ReleaseArtifacts.V1], await ServedAsync("blue"));
        Assert.All(fleet.Hosts, h => Assert.Equal(AppStates.Serving, FrontDoorState(h, "blue").App));
    }

    [Fact]
    public async Task A_green_that_fails_its_health_check_never_takes_a_request_and_blue_serves_throughout()
    {
        const string Impostor = "2026.11.24-fffffff";
        artifacts.InstallChanged(workspace.Root, Impostor, ReleaseArtifacts.V2, _ => { });
        Assert.True(workspace.Deploy(ReleaseArtifacts.V1) == 0, workspace.Build.Console.All);
        await using var load = TradingLoad.Start(haproxy.Url);
        await load.AcknowledgedAtLeastAsync(20);

        var exitCode = await Task.Run(() => workspace.Deploy(Impostor));
        await load.AcknowledgedAtLeastAsync(load.Acknowledged.Count + 20);
        var report = await load.StopAsync();
        output.WriteLine(report.ToString());

        Assert.NotEqual(0, exitCode);
        Assert.Contains("it never took traffic", workspace.Build.Console.All);
        Assert.DoesNotContain("switched all traffic", workspace.Build.Console.Output);
        Assert.Equal(Weights(blue: 100, green: 0), await WeightsAsync());
        Assert.All((await Router().ReadCountersAsync()).Where(c => c.Server.EndsWith("-green", StringComparison.Ordinal)), c => Assert.Equal(0, c.ResponsesTotal));
        Assert.Equal(0, report.Failed);
        Assert.Equal([ReleaseArtifacts.V1], report.VersionsSeen.Keys);
        Assert.Equal(DeploymentStatus.RolledBack, History()[^1].Status);
    }

    [Fact]
    public async Task The_old_colour_stops_by_itself_when_keepPreviousFor_ends_even_after_a_failed_deploy_put_it_back_and_a_rollback_after_it_starts_the_release_there_before_the_switch()
    {
        const string Impostor = "2026.11.24-fffffff";
        artifacts.InstallChanged(workspace.Root, Impostor, ReleaseArtifacts.V2, _ => { });
        var file = workspace.Build.EnvironmentFile("staging");
        var config = JsonNode.Parse(File.ReadAllText(file))!;
        config["deployment"]!["strategy"]!["keepPreviousFor"] = "60s";
        File.WriteAllText(file, config.ToJsonString());
        Assert.True(workspace.Deploy(ReleaseArtifacts.V1) == 0, workspace.Build.Console.All);
        Assert.True(workspace.Deploy(ReleaseArtifacts.V2) == 0, workspace.Build.Console.All);
        var warmUntil = History()[^1].WarmUntil!.Value;
        Assert.True(warmUntil > DateTimeOffset.UtcNow, $"the deploy took longer than its 60 s window: {warmUntil:O}");
        Assert.Equal([ReleaseArtifacts.V1, ReleaseArtifacts.V1], await ServedAsync("blue"));

        // A deploy that fails on blue puts blue back on its release; blue keeps the stop the switch to green set.
        Assert.NotEqual(0, workspace.Deploy(Impostor));
        Assert.Contains("it never took traffic", workspace.Build.Console.All);
        Assert.Contains($"app-67-blue will stop {ReleaseArtifacts.V1} by itself at {warmUntil:u} again", workspace.Build.Console.Output);
        Assert.Contains($"app-68-blue will stop {ReleaseArtifacts.V1} by itself at {warmUntil:u} again", workspace.Build.Console.Output);

        // Nothing of the pipeline runs now: each blue front door stops its app at warmUntil by itself.
        var deadline = warmUntil + TimeSpan.FromSeconds(20);
        while (fleet.Hosts.Any(h => FrontDoorState(h, "blue").App != AppStates.Retired) && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(250);
        }

        Assert.All(fleet.Hosts, h =>
        {
            var state = FrontDoorState(h, "blue");
            Assert.Equal(AppStates.Retired, state.App);
            Assert.Contains("the blue colour's keepPreviousFor ended", state.AppDetail, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(h.Root, "blue", "shared", "app.pid")), "blue's app.pid is still there");
        });
        Assert.True(DateTimeOffset.UtcNow >= warmUntil, "stopped before its window ended");
        Assert.Empty(await AnsweringAsync("blue"));
        Assert.Equal([ReleaseArtifacts.V2, ReleaseArtifacts.V2], await ServedAsync("green"));
        workspace.Build.Succeeds("--target=Status", "--env=staging");
        var status = workspace.Build.Console.Output;
        Assert.Contains($"colours: green live with {ReleaseArtifacts.V2}; blue idle since {warmUntil:yyyy-MM-dd HH:mm:ss} UTC", status);
        Assert.Equal(2, Regex.Count(status, $"-blue +blue idle +{ReleaseArtifacts.V1} +(down|unhealthy) "));
        Assert.DoesNotContain("drift", status, StringComparison.OrdinalIgnoreCase);

        Assert.True(workspace.Rollback("--component=application") == 0, workspace.Build.Console.All);

        Assert.Contains("its keepPreviousFor ended at", workspace.Build.Console.Output);
        Assert.Equal(Weights(blue: 100, green: 0), await WeightsAsync());
        Assert.Equal([ReleaseArtifacts.V1, ReleaseArtifacts.V1], await ServedAsync("blue"));
    }

    [Fact]
    public async Task A_rollback_that_cannot_cancel_the_warm_colours_timed_stop_moves_traffic_back_and_fails_no_request()
    {
        Assert.True(workspace.Deploy(ReleaseArtifacts.V1) == 0, workspace.Build.Console.All);
        Assert.True(workspace.Deploy(ReleaseArtifacts.V2) == 0, workspace.Build.Console.All);
        await using var load = TradingLoad.Start(haproxy.Url);
        await load.AcknowledgedAtLeastAsync(20);

        var warmUntil = History()[^1].WarmUntil!.Value;

        // Blue still answers at its addresses, so the rollback switches to it; its timed stop is then asked to go over
        // SSH, which one host no longer answers. The other's stop, cancelled, is set again once traffic is back on green.
        fleet.Hosts[0].StopSshd();
        var exitCode = await Task.Run(() => workspace.Rollback("--component=application"));
        await load.AcknowledgedAtLeastAsync(load.Acknowledged.Count + 20);
        var report = await load.StopAsync();
        output.WriteLine(report.ToString());

        Assert.NotEqual(0, exitCode);
        var console = workspace.Build.Console.All;
        Assert.Contains("switched all traffic to app-67-blue, app-68-blue", console);
        Assert.Contains("could not be cancelled", console);
        Assert.Contains("all traffic is back on green", console);
        Assert.Contains("switched all traffic to app-67-green, app-68-green", console);
        Assert.Contains($"app-68-blue will stop {ReleaseArtifacts.V1} by itself at {warmUntil:u} again", console);
        Assert.Contains($"could not set their stop at {warmUntil:u} again on app-67-blue (", console);
        Assert.Equal(Weights(blue: 0, green: 100), await WeightsAsync());
        Assert.Equal(DeploymentStatus.Failed, History()[^1].Status);
        Assert.Equal("green", new DeploymentHistory(workspace.Store).Successful()[0].LiveColour);
        Assert.Equal(0, report.Failed);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        // The slots live under the hosts' roots but apart from the paths the fleet stops: their front doors first, then their apps.
        foreach (var pidFile in fleet.Hosts.SelectMany(h => BothColours.SelectMany(c => PidFiles.Select(f => Path.Combine(h.Root, c, "shared", f)))))
        {
            if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid))
            {
                try
                {
                    using var process = System.Diagnostics.Process.GetProcessById(pid);
                    process.Kill();
                }
                catch (ArgumentException)
                {
                    // Already gone.
                }
            }
        }

        stage.Dispose();
    }

    private static string Slot(SshTestHost host, string colour) => $"{SshFleet.TargetName(host)}-{colour}";

    private Uri SlotUrl(SshTestHost host, string colour) => colour == "blue" ? fleet.Url(host) : new($"http://{host.Address}:{greenPort}/");

    private JsonArray SlotTargets() => [.. fleet.Targets().Zip(fleet.Hosts).SelectMany(pair => BothColours.Select(colour =>
    {
        var target = pair.First!.DeepClone();
        target["name"] = Slot(pair.Second, colour);
        target["path"] = Path.Combine(pair.Second.Root, colour);
        target["url"] = SlotUrl(pair.Second, colour).ToString();
        return target;
    }))];

    private Dictionary<string, int> Weights(int blue, int green) =>
        fleet.Hosts.SelectMany(h => new[] { (Slot(h, "blue"), blue), (Slot(h, "green"), green) }).ToDictionary(w => w.Item1, w => w.Item2);

    private async Task<Dictionary<string, int>> WeightsAsync() => (await Router().ReadCountersAsync()).ToDictionary(c => c.Server, c => c.Weight);

    private async Task<IReadOnlyList<string?>> ServedAsync(string colour)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var versions = new List<string?>();
        foreach (var host in fleet.Hosts)
        {
            var answer = await http.GetFromJsonAsync<System.Text.Json.JsonElement>(new Uri(SlotUrl(host, colour), "version"));
            versions.Add(answer.GetProperty("version").GetString());
        }

        return versions;
    }

    // The slots' versions that answer /version on their own addresses within 2 s.
    private async Task<IReadOnlyList<string>> AnsweringAsync(string colour)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var answering = new List<string>();
        foreach (var host in fleet.Hosts)
        {
            try
            {
                answering.Add(await http.GetStringAsync(new Uri(SlotUrl(host, colour), "version")));
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not answering is what is looked for.
            }
        }

        return answering;
    }

    private static FrontDoorState FrontDoorState(SshTestHost host, string colour) =>
        FrontDoorFiles.Read<FrontDoorState>(new FrontDoorFiles(Path.Combine(host.Root, colour, "shared")).State, out var problem)
        ?? throw new InvalidOperationException($"no front door state for {colour} on {host.Address}: {problem}");

    private IReadOnlyList<DeploymentRecord> History() => new DeploymentHistory(workspace.Store).All();

    private HaproxyRouter Router() => new(new HaproxyRuntimeApi(haproxy.AdminSocket), HaproxyServer.Backend);
}
