using System.Text.Json.Nodes;
using Pipeline.Core.Configuration;
using Pipeline.Core.Configuration.Model;

namespace Pipeline.Core.Tests;

public sealed class ContainerTargetConfigurationTests : IDisposable
{
    private readonly TempEnvironments environments = new();

    private EnvironmentLoader Loader => new(new EnvironmentCatalog(environments.Directory));

    [Fact]
    public void A_container_target_with_its_socket_url_path_and_a_registry_loads_and_may_hold_the_sqlite_database()
    {
        environments.Edit("development", root =>
        {
            root["deployment"]!["targets"]![0] = new JsonObject
            {
                ["name"] = "app",
                ["kind"] = "container",
                ["socket"] = "/var/run/docker.sock",
                ["url"] = "http://127.0.0.1:5080/",
                ["path"] = ".pipeline/servers/containers",
            };
            root["deployment"]!["image"]!["registry"] = "127.0.0.1:5000";
        });

        var target = Assert.Single(Loader.Load("development").Deployment.Targets);

        Assert.Equal((TargetKind.Container, "/var/run/docker.sock", "http://127.0.0.1:5080/"), (target.Kind, target.Socket, target.Url));
    }

    [Fact]
    public void A_container_target_names_each_missing_or_wrong_key_and_needs_a_registry_to_pull_from()
    {
        environments.Edit("development", root => root["deployment"]!["targets"]![0] = new JsonObject
        {
            ["name"] = "app",
            ["kind"] = "container",
            ["socket"] = "unix:///var/run/docker.sock",
            ["url"] = "https://127.0.0.1:5080/",
            ["user"] = "deploy",
        });

        var exception = Assert.Throws<ConfigurationException>(() => Loader.Load("development"));
        var errors = exception.Errors;

        Assert.Equal(
            ["$.deployment.image.registry", "$.deployment.targets[0].path", "$.deployment.targets[0].socket", "$.deployment.targets[0].url", "$.deployment.targets[0].user"],
            errors.Select(e => e.JsonPath).Order(StringComparer.Ordinal));
        var socket = errors.Single(e => e.JsonPath.EndsWith(".socket", StringComparison.Ordinal));
        Assert.Equal("\"unix:///var/run/docker.sock\"", socket.Found);
        Assert.Contains("absolute path", socket.Expected);
        Assert.Contains("http URL", errors.Single(e => e.JsonPath.EndsWith(".url", StringComparison.Ordinal)).Expected);
        Assert.Contains("container target app", errors.Single(e => e.JsonPath == "$.deployment.image.registry").Expected);
        Assert.Contains("give host too", errors.Single(e => e.JsonPath.EndsWith(".user", StringComparison.Ordinal)).Expected);
        Assert.Contains("development.json", exception.Message);
    }

    [Fact]
    public void A_container_target_on_a_host_reached_over_ssh_needs_the_ssh_keys_and_cannot_hold_the_sqlite_database()
    {
        environments.Edit("development", root =>
        {
            root["deployment"]!["targets"]![0] = new JsonObject
            {
                ["name"] = "app",
                ["kind"] = "container",
                ["host"] = "app-1.internal",
                ["socket"] = "/var/run/docker.sock",
                ["url"] = "http://10.0.0.12:8080/",
                ["path"] = "srv/trading",
            };
            root["deployment"]!["image"]!["registry"] = "127.0.0.1:5000";
        });

        var errors = Assert.Throws<ConfigurationException>(() => Loader.Load("development")).Errors;

        Assert.Equal(
            ["$.database.engine", "$.deployment.targets[0].hostKey", "$.deployment.targets[0].identity", "$.deployment.targets[0].path", "$.deployment.targets[0].user"],
            errors.Select(e => e.JsonPath).Order(StringComparer.Ordinal));
        Assert.Contains("app (container)", errors.Single(e => e.JsonPath == "$.database.engine").Found);
        Assert.Contains("absolute directory on the host", errors.Single(e => e.JsonPath.EndsWith(".path", StringComparison.Ordinal)).Expected);
    }

    public void Dispose() => environments.Dispose();
}
