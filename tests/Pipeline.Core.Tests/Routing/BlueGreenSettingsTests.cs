using System.Text.Json.Nodes;
using Pipeline.Core.Configuration;

namespace Pipeline.Core.Tests.Routing;

public sealed class BlueGreenSettingsTests : IDisposable
{
    private readonly TempEnvironments environments = new();

    private EnvironmentLoader Loader => new(new EnvironmentCatalog(environments.Directory));

    [Fact]
    public void Blue_green_without_a_router_with_an_unknown_target_a_target_in_both_colours_and_an_unreadable_keep_is_refused_naming_each()
    {
        environments.Edit("staging", root => root["deployment"]!["strategy"] = new JsonObject
        {
            ["kind"] = "blueGreen",
            ["keepPreviousFor"] = "a while",
            ["blue"] = new JsonArray("app-1", "app-9"),
            ["green"] = new JsonArray("app-1"),
        });

        var errors = Assert.Throws<ConfigurationException>(() => Loader.Load("staging")).Errors;

        Assert.Equal(
            [
                ("$.deployment.strategy.kind", "\"blueGreen\" without a router"),
                ("$.deployment.strategy.keepPreviousFor", "\"a while\""),
                ("$.deployment.strategy.blue[1]", "\"app-9\""),
                ("$.deployment.strategy.green", "app-1, also in blue"),
                ("$.deployment.strategy.green", "1 target(s) for blue's 2"),
                ("$.deployment.strategy", "app-2 in neither blue nor green"),
            ],
            errors.Select(e => (e.JsonPath, e.Found)));
    }

    [Fact]
    public void Colours_with_another_strategy_are_refused()
    {
        environments.Edit("staging", root => root["deployment"]!["strategy"] = new JsonObject { ["kind"] = "rolling", ["blue"] = new JsonArray("app-1") });

        var error = Assert.Single(Assert.Throws<ConfigurationException>(() => Loader.Load("staging")).Errors);

        Assert.Equal(("$.deployment.strategy", "blue, green or keepPreviousFor with kind \"rolling\""), (error.JsonPath, error.Found));
    }

    [Fact]
    public void Two_colours_of_one_target_each_behind_a_router_load()
    {
        environments.Edit("staging", root =>
        {
            root["deployment"]!["router"] = new JsonObject { ["kind"] = "haproxy", ["adminSocket"] = "/run/haproxy.sock", ["backend"] = "trading", ["servers"] = new JsonObject { ["app-1"] = "a1", ["app-2"] = "a2" } };
            root["deployment"]!["strategy"] = new JsonObject { ["kind"] = "blueGreen", ["keepPreviousFor"] = "90s", ["blue"] = new JsonArray("app-1"), ["green"] = new JsonArray("app-2") };
        });

        var strategy = Loader.Load("staging").Deployment.Strategy;

        Assert.Equal(["app-1"], strategy.Blue!);
        Assert.Equal(["app-2"], strategy.Green!);
        Assert.Equal("90s", strategy.KeepPreviousFor);
    }

    public void Dispose() => environments.Dispose();
}
