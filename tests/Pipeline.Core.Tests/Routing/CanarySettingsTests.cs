using System.Text.Json.Nodes;
using Pipeline.Core.Configuration;

namespace Pipeline.Core.Tests.Routing;

public sealed class CanarySettingsTests : IDisposable
{
    private readonly TempEnvironments environments = new();

    private EnvironmentLoader Loader => new(new EnvironmentCatalog(environments.Directory));

    [Fact]
    public void A_canary_without_a_router_with_falling_weights_an_unreadable_pause_and_a_bad_condition_is_refused_naming_each()
    {
        environments.Edit("staging", root => root["deployment"]!["strategy"] = new JsonObject
        {
            ["kind"] = "canary",
            ["steps"] = new JsonArray(new JsonObject { ["weight"] = 25, ["pause"] = "60s" }, new JsonObject { ["weight"] = 5, ["pause"] = "a minute" }),
            ["analysis"] = new JsonObject { ["fallbackCondition"] = "below 1%" },
        });

        var errors = Assert.Throws<ConfigurationException>(() => Loader.Load("staging")).Errors;

        Assert.Equal(
            [
                ("$.deployment.strategy.kind", "\"canary\" without a router"),
                ("$.deployment.strategy.steps[1].weight", "5"),
                ("$.deployment.strategy.steps[1].pause", "\"a minute\""),
                ("$.deployment.strategy.analysis.fallbackCondition", "\"below 1%\""),
            ],
            errors.Select(e => (e.JsonPath, e.Found)));
    }

    [Fact]
    public void PromQL_metrics_without_a_prometheus_are_refused()
    {
        environments.Edit("staging", root =>
        {
            root["deployment"]!["router"] = new JsonObject { ["kind"] = "haproxy", ["adminSocket"] = "/run/haproxy.sock", ["backend"] = "trading", ["servers"] = new JsonObject { ["app-1"] = "a1", ["app-2"] = "a2" } };
            root["deployment"]!["strategy"] = new JsonObject
            {
                ["kind"] = "canary",
                ["steps"] = new JsonArray(new JsonObject { ["weight"] = 10, ["pause"] = "1m" }),
                ["analysis"] = new JsonObject { ["metrics"] = new JsonArray(new JsonObject { ["name"] = "errors", ["query"] = "up", ["successCondition"] = "== 1" }) },
            };
        });

        var error = Assert.Single(Assert.Throws<ConfigurationException>(() => Loader.Load("staging")).Errors);

        Assert.Equal(("$.deployment.strategy.analysis.metrics", "1 PromQL metric(s) without analysis.prometheus"), (error.JsonPath, error.Found));
    }

    public void Dispose() => environments.Dispose();
}
