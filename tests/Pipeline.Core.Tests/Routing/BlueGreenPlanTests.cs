using Pipeline.Core.Configuration.Model;
using Pipeline.Core.Deployment;
using Pipeline.Core.Deployment.Planning;
using Pipeline.Core.Tests.Deployment;

namespace Pipeline.Core.Tests.Routing;

/// <summary>The plan --dryrun prints for blue/green behind a router (FakeTarget: the plan never touches a target).</summary>
public sealed class BlueGreenPlanTests
{
    private const string Router = "haproxy at /run/haproxy.sock, backend trading";

    [Fact]
    public void With_blue_live_the_plan_prepares_and_starts_only_green_then_switches_all_traffic_in_one_step()
    {
        var colours = new BlueGreenColours("blue", "green", ["app-1-blue", "app-2-blue"], ["app-1-green", "app-2-green"], TimeSpan.FromMinutes(15));

        var plan = DeployPlanner.Plan(Scope(colours), new DeployFacts("v2", "sha", "/artifacts/v2", "v1", [], 2, null, null, "sqlite", null));

        Assert.Equal(
            ["prepare-target [app-1-green]", "prepare-target [app-2-green]", "cut-over [app-1-green, app-2-green]", "switch-traffic [app-1-green, app-2-green]"],
            plan.Steps.Where(s => s.Kind is StepKind.PrepareTarget or StepKind.CutOver or StepKind.SwitchTraffic).Select(s => s.Name));
        Assert.StartsWith($"hold the green colour at weight 0 at {Router}", plan.Steps.Single(s => s.Kind == StepKind.CutOver).Detail, StringComparison.Ordinal);
        Assert.Equal(
            $"move all traffic from blue (app-1-blue, app-2-blue) to green at {Router} in one step; blue keeps running v1 for 15m, during which Rollback --component=application is a switch back",
            plan.Steps.Single(s => s.Kind == StepKind.SwitchTraffic).Detail);
    }

    private static DeployScope Scope(BlueGreenColours colours) =>
        new("staging", [new FakeTarget("app-1-blue"), new FakeTarget("app-1-green"), new FakeTarget("app-2-blue"), new FakeTarget("app-2-green")], new RetentionSettings(), new StrategySettings { Kind = StrategyKind.BlueGreen })
        {
            Router = Router,
            Colours = colours,
        };
}
