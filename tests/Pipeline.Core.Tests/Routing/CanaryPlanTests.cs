using Pipeline.Core.Configuration.Model;
using Pipeline.Core.Deployment;
using Pipeline.Core.Deployment.Planning;
using Pipeline.Core.Tests.Deployment;

namespace Pipeline.Core.Tests.Routing;

/// <summary>The plan --dryrun prints for a canary behind a router (FakeTarget: the plan never touches a target).</summary>
public sealed class CanaryPlanTests
{
    private const string Router = "haproxy at /run/haproxy.sock, backend trading";

    private static readonly StrategySettings Canary = new()
    {
        Kind = StrategyKind.Canary,
        Steps = [new CanaryStep { Weight = 5, Pause = "60s" }, new CanaryStep { Weight = 100, Pause = "0s" }],
        Analysis = new AnalysisSettings
        {
            Interval = "10s",
            FailureLimit = 1,
            Prometheus = new PrometheusSettings { Url = "http://127.0.0.1:9090/", TargetsFile = "/tmp/targets.json" },
            Metrics = [new AnalysisMetricSettings { Name = "error-rate", Query = "sum(rate(x[1m]))", SuccessCondition = "< 0.01" }],
        },
    };

    [Fact]
    public void A_canary_plan_drains_and_switches_the_canary_then_names_its_steps_and_queries_then_switches_the_rest_one_at_a_time()
    {
        var plan = DeployPlanner.Plan(Scope(), Facts(live: "v1"));

        Assert.Equal(
            ["cut-over [app-1]", "canary-analysis [app-1]", "cut-over [app-2]", "cut-over [app-3]"],
            plan.Steps.Where(s => s.Kind is StepKind.CutOver or StepKind.CanaryAnalysis).Select(s => s.Name));
        var analysis = plan.Steps.Single(s => s.Kind == StepKind.CanaryAnalysis).Detail;
        Assert.Equal($"give the canary targets 5 % for 60s, 100 % for 0s of the requests at {Router}, measuring every 10s on Prometheus at http://127.0.0.1:9090/: error-rate: sum(rate(x[1m])) < 0.01 (failureLimit 1, inconclusiveLimit 3); a failed analysis sets their weight to 0, puts them back on the live version and fails the deploy", analysis);
        Assert.StartsWith($"drain app-1 at {Router}", plan.Steps.First(s => s.Kind == StepKind.CutOver).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_first_deploy_has_no_canary_step()
    {
        var plan = DeployPlanner.Plan(Scope(), Facts(live: null));

        Assert.DoesNotContain(plan.Steps, s => s.Kind == StepKind.CanaryAnalysis);
    }

    private static DeployScope Scope() =>
        new("staging", [new FakeTarget("app-1"), new FakeTarget("app-2"), new FakeTarget("app-3")], new RetentionSettings(), Canary) { Router = Router };

    private static DeployFacts Facts(string? live) => new("v2", "sha", "/artifacts/v2", live, [], 2, null, null, "sqlite", null);
}
