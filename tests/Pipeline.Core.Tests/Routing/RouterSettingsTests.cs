using System.Text.Json.Nodes;
using Pipeline.Core.Configuration;
using Pipeline.Core.Configuration.Model;

namespace Pipeline.Core.Tests.Routing;

public sealed class RouterSettingsTests : IDisposable
{
    private readonly TempEnvironments environments = new();

    private EnvironmentLoader Loader => new(new EnvironmentCatalog(environments.Directory));

    [Fact]
    public void A_haproxy_router_names_its_admin_socket_backend_and_a_server_per_application_target()
    {
        environments.Edit("staging", root => root["deployment"]!["router"] = Router(new JsonObject { ["app-1"] = "app1", ["app-2"] = "app2" }));

        var router = Loader.Load("staging").Deployment.Router!;

        Assert.Equal(RouterKind.Haproxy, router.Kind);
        Assert.Equal("/run/haproxy/admin.sock", router.AdminSocket);
        Assert.Equal("trading", router.Backend);
        Assert.Equal("app2", router.Servers["app-2"]);
    }

    [Fact]
    public void A_router_without_a_server_for_a_target_or_with_one_for_no_target_is_refused_naming_each()
    {
        environments.Edit("staging", root => root["deployment"]!["router"] = Router(new JsonObject { ["app-1"] = "app1", ["app-3"] = "app3" }));

        var errors = Assert.Throws<ConfigurationException>(() => Loader.Load("staging")).Errors;

        Assert.Equal(
            [
                ("$.deployment.router.servers", "no server for target app-2", "a server name for every application target (app-1, app-2)"),
                ("$.deployment.router.servers.app-3", "\"app3\"", "servers only for application targets (app-1, app-2); there is no local, ssh or container target app-3"),
            ],
            errors.Select(e => (e.JsonPath, e.Found, e.Expected)));
    }

    [Fact]
    public void A_haproxy_router_needs_its_admin_socket_and_backend()
    {
        environments.Edit("staging", root => root["deployment"]!["router"] = new JsonObject
        {
            ["kind"] = "haproxy",
            ["servers"] = new JsonObject { ["app-1"] = "app1", ["app-2"] = "app2" },
        });

        var errors = Assert.Throws<ConfigurationException>(() => Loader.Load("staging")).Errors;

        Assert.Equal(["$.deployment.router.adminSocket", "$.deployment.router.backend"], errors.Select(e => e.JsonPath));
    }

    public void Dispose() => environments.Dispose();

    private static JsonObject Router(JsonObject servers) => new()
    {
        ["kind"] = "haproxy",
        ["adminSocket"] = "/run/haproxy/admin.sock",
        ["backend"] = "trading",
        ["servers"] = servers,
    };
}
