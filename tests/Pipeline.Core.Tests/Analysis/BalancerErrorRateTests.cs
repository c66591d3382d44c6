using System.Net;
using Pipeline.Core.Analysis;
using Pipeline.Core.Routing;
using Pipeline.Core.Tests.Support;

namespace Pipeline.Core.Tests.Analysis;

/// <summary>The fallback gate where no Prometheus is configured: a real haproxy's 5xx counters per server.</summary>
public sealed class BalancerErrorRateTests : IDisposable
{
    private readonly AnsweringServer stable = new("stable");
    private readonly AnsweringServer canary = new("canary");
    private readonly HaproxyServer haproxy;
    private readonly BalancerErrorRate source;
    private readonly HttpClient client = new() { Timeout = TimeSpan.FromSeconds(5) };

    public BalancerErrorRateTests()
    {
        haproxy = new HaproxyServer([("stable", stable.Url, 100), ("canary", canary.Url, 100)]);
        source = new BalancerErrorRate(new HaproxyRouter(new HaproxyRuntimeApi(haproxy.AdminSocket), HaproxyServer.Backend));
    }

    [Fact]
    public async Task The_error_rate_of_a_server_counts_only_the_responses_since_the_mark_and_since_the_previous_measurement()
    {
        canary.Status = HttpStatusCode.InternalServerError;
        await RequestsAsync(10);
        await source.MarkAsync();

        Assert.Null(await source.QueryAsync("canary"));

        canary.Status = HttpStatusCode.OK;
        await RequestsAsync(10);
        Assert.Equal(0.0, await source.QueryAsync("canary"));

        canary.Status = HttpStatusCode.InternalServerError;
        await RequestsAsync(10);
        Assert.Equal(1.0, await source.QueryAsync("canary"));
        // Since the mark: 10 responses from each server, the canary's last 5 of them 500s.
        Assert.Equal(0.25, await source.QueryAsync(BalancerErrorRate.QueryFor(["stable", "canary"])));
    }

    [Fact]
    public async Task An_analysis_on_the_balancer_counters_fails_a_canary_answering_500_and_keeps_the_measurement()
    {
        await source.MarkAsync();
        canary.Status = HttpStatusCode.InternalServerError;
        await RequestsAsync(10);
        var analysis = new MetricAnalysis(source, [new AnalysisMetric("canary-5xx", "canary", SuccessCondition.Parse("< 0.01", "test"))], TimeSpan.FromSeconds(1), failureLimit: 0, inconclusiveLimit: 0);
        var said = new List<string>();

        var result = await analysis.RunAsync(TimeSpan.FromSeconds(5), said.Add);

        Assert.Equal(Verdict.Failed, result.Verdict);
        var measurement = Assert.Single(result.Measurements);
        Assert.Equal(("canary-5xx", "canary", 1.0, "< 0.01", Verdict.Failed), (measurement.Metric, measurement.Query, measurement.Value, measurement.Condition, measurement.Verdict));
        Assert.Equal(["analysis: canary-5xx: canary = 1, wants < 0.01: failed"], said);
    }

    [Fact]
    public async Task A_server_the_balancer_does_not_have_is_a_failed_measurement_naming_it()
    {
        var analysis = new MetricAnalysis(source, [new AnalysisMetric("canary-5xx", "canary-2", SuccessCondition.Parse("< 0.01", "test"))], TimeSpan.FromSeconds(1), failureLimit: 0, inconclusiveLimit: 0);

        var result = await analysis.RunAsync(TimeSpan.FromSeconds(5), _ => { });

        Assert.Equal(Verdict.Failed, result.Verdict);
        Assert.Equal($"haproxy at {haproxy.AdminSocket}, backend trading has no server canary-2 (query \"canary-2\").", result.Measurements[0].Detail);
    }

    public void Dispose()
    {
        client.Dispose();
        haproxy.Dispose();
        stable.Dispose();
        canary.Dispose();
    }

    private async Task RequestsAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            using var response = await client.GetAsync(haproxy.Url);
        }
    }
}
