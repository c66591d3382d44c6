using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Pipeline.Core.Analysis;
using Pipeline.Core.Tests.Support;
using Trading.App.Tests.Support;
using Xunit.Abstractions;

namespace Trading.App.Tests.Integration;

/// <summary>
/// The metric gate of a canary against a real Prometheus scraping two real apps (a stable one and a canary) through
/// the file-based discovery file the pipeline writes, under a bounded order load.
/// </summary>
public sealed class CanaryAnalysisTests : IDisposable
{
    private const string ErrorRate =
        "(sum(rate(http_requests_received_total{track=\"canary\",endpoint=\"/api/orders\",code=~\"5..\"}[10s])) or vector(0)) / sum(rate(http_requests_received_total{track=\"canary\",endpoint=\"/api/orders\"}[10s]))";

    private const string NoWorseThanStable =
        "histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{track=\"canary\"}[10s])))";

    private readonly PrometheusServer prometheus = new();
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly ITestOutputHelper output;

    public CanaryAnalysisTests(ITestOutputHelper output) => this.output = output;

    [Fact]
    public async Task A_canary_answering_500_to_a_fifth_of_its_orders_fails_the_error_rate_gate_with_every_measurement_kept()
    {
        var result = await AnalyseAsync(canaryErrorPercent: 20);

        Assert.True(result.Verdict == Verdict.Failed, result.Summary);
        var failed = result.Measurements[^1];
        Assert.Equal(("error-rate", Verdict.Failed, "< 0.01"), (failed.Metric, failed.Verdict, failed.Condition));
        // A fifth of the POSTs, over every /api/orders request of the window (GETs of the book too): well above 0.01, never all.
        Assert.InRange(failed.Value!.Value, 0.05, 0.5);
        Assert.Equal(ErrorRate, failed.Query);
        Assert.StartsWith("error-rate failed 1 time(s), more than failureLimit 0:", result.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_good_canary_passes_every_measurement_of_its_error_rate_and_latency_gates()
    {
        var result = await AnalyseAsync(canaryErrorPercent: 0);

        Assert.True(result.Verdict == Verdict.Passed, result.Summary);
        Assert.DoesNotContain(result.Measurements, m => m.Verdict == Verdict.Failed);
        Assert.Contains(result.Measurements, m => m.Metric == "error-rate" && m.Verdict == Verdict.Passed && m.Value == 0);
        Assert.Contains(result.Measurements, m => m.Metric == "p99-latency" && m.Verdict == Verdict.Passed);
    }

    [Fact]
    public async Task A_query_prometheus_refuses_is_a_failed_measurement_quoting_its_error()
    {
        var source = new PrometheusSource(prometheus.Url, http);

        var error = await Assert.ThrowsAsync<MetricQueryException>(() => source.QueryAsync("sum(rate(http_requests_received_total[10s]"));

        Assert.StartsWith($"Prometheus at {prometheus.Url} refused query \"sum(rate(http_requests_received_total[10s]\": bad_data: ", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        http.Dispose();
        prometheus.Dispose();
    }

    private async Task<AnalysisResult> AnalyseAsync(int canaryErrorPercent)
    {
        using var stableSpace = Workspace(0);
        using var canarySpace = Workspace(canaryErrorPercent);
        await using var stable = await RunningApp.StartAsync(stableSpace);
        await using var canary = await RunningApp.StartAsync(canarySpace);
        PrometheusTargets.Write(prometheus.TargetsFile, [
            ("app-1", stable.Client.BaseAddress!, "stable", "v1"),
            ("app-2", canary.Client.BaseAddress!, "canary", "v2"),
        ]);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var load = Task.WhenAll(OrdersAsync(stable, stop.Token), OrdersAsync(canary, stop.Token));
        await ScrapedAsync("sum(rate(http_requests_received_total{track=\"canary\",endpoint=\"/api/orders\"}[10s]))");
        var analysis = new MetricAnalysis(
            new PrometheusSource(prometheus.Url, http),
            [
                new AnalysisMetric("error-rate", ErrorRate, SuccessCondition.Parse("< 0.01", "test")),
                new AnalysisMetric("p99-latency", NoWorseThanStable, SuccessCondition.Parse("< 2", "test")),
            ],
            TimeSpan.FromSeconds(1),
            failureLimit: 0,
            inconclusiveLimit: 8);

        var result = await analysis.RunAsync(TimeSpan.FromSeconds(6), output.WriteLine);
        await stop.CancelAsync();
        await load;
        return result;
    }

    // Until Prometheus has scraped the canary's orders twice (a rate needs two samples): at most 30 s.
    private async Task ScrapedAsync(string query)
    {
        var source = new PrometheusSource(prometheus.Url, http);
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await ValueAsync() is not > 0)
        {
            await Task.Delay(250, patience.Token);
        }

        async Task<double?> ValueAsync()
        {
            try
            {
                return await source.QueryAsync(query);
            }
            catch (MetricQueryException)
            {
                return null;
            }
        }
    }

    private static AppWorkspace Workspace(int errorPercent)
    {
        var workspace = new AppWorkspace();
        workspace.WriteSettings(s => s["Trading"]!["monitoring"] = new JsonObject { ["metricsEnabled"] = true });
        File.WriteAllText(Path.Combine(workspace.ContentRoot, "appsettings.release.json"), new JsonObject { ["Trading"] = new JsonObject { ["faults"] = new JsonObject { ["orderErrorPercent"] = errorPercent } } }.ToJsonString());
        workspace.Migrate();
        return workspace;
    }

    // One client's orders, one every 20 ms, until stopped; bounded by the caller's token.
    private static async Task OrdersAsync(RunningApp app, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            using var content = new StringContent("""{"symbol":"AAPL","side":"buy","quantity":1,"price":100}""", Encoding.UTF8, "application/json");
            using var response = await app.Client.PostAsync(new Uri("/api/orders", UriKind.Relative), content, CancellationToken.None);
            Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.InternalServerError, $"{response.StatusCode}");
            try
            {
                await Task.Delay(20, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
