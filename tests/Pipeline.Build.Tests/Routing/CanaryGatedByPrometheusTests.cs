using System.Text.Json.Nodes;
using Pipeline.Build.Tests.Deploys;
using Pipeline.Build.Tests.Ssh;
using Pipeline.Core.Analysis;
using Pipeline.Core.Deployment;
using Pipeline.Core.Tests.Support;
using Pipeline.Testing;
using Xunit.Abstractions;

namespace Pipeline.Build.Tests.Routing;

/// <summary>
/// A canary over three hosts over SSH behind a real haproxy, through the real build host, under a trading desk's load
/// sent to haproxy, gated by a PromQL query on a real Prometheus (Debian's 2.42, scraping every second) whose scrape
/// targets are the file-based discovery file the pipeline writes.
/// </summary>
[Collection(DeployTestGroup.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class CanaryGatedByPrometheusTests : IClassFixture<PostgresServer>, IAsyncLifetime, IDisposable
{
    private const string OrderErrorRate =
        "(sum(rate(http_requests_received_total{track=\"canary\",endpoint=\"/api/orders\",method=\"POST\",code=~\"5..\"}[10s])) or vector(0))"
        + " / sum(rate(http_requests_received_total{track=\"canary\",endpoint=\"/api/orders\",method=\"POST\"}[10s]))";

    private readonly ReleaseArtifacts artifacts;
    private readonly PostgresServer postgres;
    private readonly ITestOutputHelper output;
    private readonly PrometheusServer prometheus = new();
    private readonly FleetBehindHaproxy stage;
    private readonly DeployWorkspace workspace;

    public CanaryGatedByPrometheusTests(ReleaseArtifacts artifacts, PostgresServer postgres, ITestOutputHelper output)
    {
        this.artifacts = artifacts;
        this.postgres = postgres;
        this.output = output;
        // The first step is watched up to 60 s: the first failed measurement ends it, and until Prometheus has scraped
        // the canary twice (the 10 s rate needs two samples) the query has no data, which is inconclusive, not a failure.
        stage = new FleetBehindHaproxy(
            new SshFleet(3, firstAddress: 70),
            "TRADING_TEST_PG_PROMETHEUS",
            new JsonObject
            {
                ["kind"] = "canary",
                ["steps"] = new JsonArray(
                    new JsonObject { ["weight"] = 20, ["pause"] = "60s" },
                    new JsonObject { ["weight"] = 100, ["pause"] = "1s" }),
                ["analysis"] = new JsonObject
                {
                    ["interval"] = "1s",
                    ["failureLimit"] = 0,
                    ["inconclusiveLimit"] = 60,
                    ["prometheus"] = new JsonObject { ["url"] = prometheus.Url.ToString(), ["targetsFile"] = prometheus.TargetsFile },
                    ["metrics"] = new JsonArray(new JsonObject { ["name"] = "order-error-rate", ["query"] = OrderErrorRate, ["successCondition"] = "< 0.01" }),
                },
            },
            configure: config => config["monitoring"]!["metricsEnabled"] = true);
        workspace = stage.Workspace;
        artifacts.Install(workspace.Root, ReleaseArtifacts.V1);
    }

    public Task InitializeAsync() => stage.UseNewDatabaseAsync(postgres);

    [Fact]
    public async Task A_canary_answering_500_to_a_fifth_of_its_orders_fails_the_prometheus_gate_at_the_first_step_and_every_acknowledged_order_is_kept()
    {
        artifacts.InstallChanged(workspace.Root, ReleaseArtifacts.V2, ReleaseArtifacts.V2, release =>
            File.WriteAllText(Path.Combine(release, "appsettings.release.json"), """{"Trading":{"faults":{"orderErrorPercent":20}}}"""));
        Assert.True(workspace.Deploy(ReleaseArtifacts.V1) == 0, workspace.Build.Console.All);
        await using var load = TradingLoad.Start(stage.Haproxy.Url);
        await load.AcknowledgedAtLeastAsync(20);

        var exitCode = await Task.Run(() => workspace.Deploy(ReleaseArtifacts.V2));
        await load.AcknowledgedAtLeastAsync(load.Acknowledged.Count + 20);
        var report = await load.StopAsync();
        output.WriteLine(report.ToString());
        output.WriteLine(string.Join('\n', new DeploymentHistory(workspace.Store).All()[^1].Analysis ?? []));

        Assert.NotEqual(0, exitCode);
        var log = workspace.Build.Console.Output;
        var record = new DeploymentHistory(workspace.Store).All()[^1];
        Assert.Equal(DeploymentStatus.RolledBack, record.Status);
        var failed = Assert.Single(record.Analysis!, m => m.Verdict == Verdict.Failed);
        Assert.Equal(("order-error-rate", OrderErrorRate, "< 0.01"), (failed.Metric, failed.Query, failed.Condition));
        Assert.True(failed.Value > 0.01, failed.ToString());
        Assert.Contains($"analysis: {failed}", log);
        Assert.Contains("canary analysis failed at step 1/2 (20 %)", log);
        Assert.Contains($"app-70 set to weight 0 at haproxy at {stage.Haproxy.AdminSocket}", log);
        Assert.DoesNotContain("canary step 2/2", log);
        Assert.Contains(OrderErrorRate, record.Reason, StringComparison.Ordinal);
        Assert.Equal([("app-70", "healthy"), ("app-71", "untouched"), ("app-72", "untouched")], record.Targets.Select(t => (t.Target, t.Status)).ToList());
        Assert.All(await stage.Fleet.ServedVersionsAsync(), v => Assert.Equal(ReleaseArtifacts.V1, v));
        Assert.All(await stage.Router().ReadCountersAsync(), c => Assert.Equal(100, c.Weight));
        // A value was measured, so Prometheus scraped app-70 labelled track="canary" from the pipeline's file; once the
        // canary is rolled back the file calls every host stable again, with the version it serves.
        Assert.Equal(
            [("app-70", "stable", ReleaseArtifacts.V1), ("app-71", "stable", ReleaseArtifacts.V1), ("app-72", "stable", ReleaseArtifacts.V1)],
            JsonNode.Parse(File.ReadAllText(prometheus.TargetsFile))!.AsArray().Select(g => (Label(g, "target"), Label(g, "track"), Label(g, "version"))).ToList());
        Assert.Equal((0, 0, 0), (report.Refused, report.Timeouts, report.OtherFailures));
        var stored = await stage.StoredOrdersAsync();
        Assert.All(load.Acknowledged, a => Assert.Equal(a.ClientOrderId, stored.GetValueOrDefault(a.Id)));
    }

    [Fact]
    public async Task A_good_canary_passes_the_prometheus_gate_and_reaches_every_host_with_no_failed_request()
    {
        // A good version is watched for the whole pause: long enough for Prometheus to scrape the canary's orders.
        var file = workspace.Build.EnvironmentFile("staging");
        var config = JsonNode.Parse(File.ReadAllText(file))!;
        config["deployment"]!["strategy"]!["steps"]![0]!["pause"] = "15s";
        File.WriteAllText(file, config.ToJsonString());
        artifacts.Install(workspace.Root, ReleaseArtifacts.V2);
        Assert.True(workspace.Deploy(ReleaseArtifacts.V1) == 0, workspace.Build.Console.All);
        await using var load = TradingLoad.Start(stage.Haproxy.Url);
        await load.AcknowledgedAtLeastAsync(20);

        var exitCode = await Task.Run(() => workspace.Deploy(ReleaseArtifacts.V2));
        var report = await load.StopAsync();
        output.WriteLine(report.ToString());
        output.WriteLine(string.Join('\n', new DeploymentHistory(workspace.Store).All()[^1].Analysis ?? []));

        Assert.True(exitCode == 0, workspace.Build.Console.All);
        Assert.Equal(0, report.Failed);
        var record = new DeploymentHistory(workspace.Store).All()[^1];
        Assert.Equal(DeploymentStatus.Succeeded, record.Status);
        Assert.Contains(record.Analysis!, m => m.Verdict == Verdict.Passed && m.Value == 0);
        Assert.All(record.Analysis!, m => Assert.Equal(("order-error-rate", OrderErrorRate, "< 0.01"), (m.Metric, m.Query, m.Condition)));
        Assert.All(record.Analysis!, m => Assert.NotEqual(Verdict.Failed, m.Verdict));
        Assert.Contains("canary step 2/2: 100 % of requests to app-70", workspace.Build.Console.Output);
        Assert.All(await stage.Fleet.ServedVersionsAsync(), v => Assert.Equal(ReleaseArtifacts.V2, v));
        Assert.All(await stage.Router().ReadCountersAsync(), c => Assert.Equal(100, c.Weight));
        Assert.All(JsonNode.Parse(File.ReadAllText(prometheus.TargetsFile))!.AsArray(), g => Assert.Equal(("stable", ReleaseArtifacts.V2), (Label(g, "track"), Label(g, "version"))));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        stage.Dispose();
        prometheus.Dispose();
    }

    private static string? Label(JsonNode? group, string name) => group!["labels"]![name]!.GetValue<string>();
}
