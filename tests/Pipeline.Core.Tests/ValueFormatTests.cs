using System.Text.Json.Nodes;
using Pipeline.Core.Configuration;
using Pipeline.Core.Configuration.Model;

namespace Pipeline.Core.Tests;

/// <summary>Keys that are URLs, email addresses or hosts: ConfigValidate names a wrong one, and the schema carries the same format so an editor flags it.</summary>
public sealed class ValueFormatTests : IDisposable
{
    private readonly TempEnvironments environments = new();

    private EnvironmentLoader Loader => new(new EnvironmentCatalog(environments.Directory));

    [Fact]
    public void A_host_and_email_addresses_that_are_not_such_are_each_named_with_their_key()
    {
        environments.Edit("staging", root =>
        {
            root["server"]!["host"] = "app server";
            root["monitoring"] = new JsonObject { ["alertEmail"] = "Trading Oncall <oncall@example.com>" };
            root["notifications"]!["email"] = new JsonObject
            {
                ["smtpHost"] = "smtp://mail.example.com",
                ["from"] = "pipeline",
                ["to"] = new JsonArray("desk@example.com", "desk at example.com"),
            };
        });

        var errors = Assert.Throws<ConfigurationException>(() => Loader.Load("staging")).Errors;

        Assert.Equal(
            ["$.monitoring.alertEmail", "$.notifications.email.from", "$.notifications.email.smtpHost", "$.notifications.email.to[1]", "$.server.host"],
            errors.Select(e => e.JsonPath).Order(StringComparer.Ordinal));
        Assert.Equal("\"desk at example.com\"", errors.Single(e => e.JsonPath == "$.notifications.email.to[1]").Found);
        Assert.Contains("one email address", errors.Single(e => e.JsonPath == "$.monitoring.alertEmail").Expected, StringComparison.Ordinal);
        Assert.Contains("a host name or an IP address", errors.Single(e => e.JsonPath == "$.server.host").Expected, StringComparison.Ordinal);
    }

    [Fact]
    public void Host_names_and_IPv4_and_IPv6_addresses_are_hosts()
    {
        foreach (var host in new[] { "app-1.prod.internal", "localhost", "0.0.0.0", "::1" })
        {
            environments.Edit("staging", root => root["server"]!["host"] = host);

            Assert.Equal(host, Loader.Load("staging").Server.Host);
        }
    }

    [Fact]
    public void The_schema_carries_each_format_where_validation_checks_it()
    {
        var schema = JsonNode.Parse(EnvironmentSchema.Render())!;
        JsonNode Key(string path) => path.Split('.').Aggregate(schema, (node, name) => node["properties"]![name]!);
        var definitions = schema["properties"]!["deployment"]!["properties"]!;

        Assert.Equal("uri", (string?)Key("server.baseUrl")["format"]);
        Assert.Equal("^[Hh][Tt][Tt][Pp][Ss]?://", (string?)Key("server.baseUrl")["pattern"]);
        Assert.Equal(["hostname", "ipv4", "ipv6"], Key("server.host")["anyOf"]!.AsArray().Select(f => (string?)f!["format"]));
        Assert.Equal("email", (string?)Key("monitoring.alertEmail")["format"]);
        Assert.Equal("email", (string?)Key("notifications.email.from")["format"]);
        Assert.Equal("email", (string?)Key("notifications.email.to")["items"]!["format"]);
        Assert.Null(Key("notifications.email.to")["format"]);
        Assert.Equal("uri", (string?)definitions["image"]!["properties"]!["source"]!["format"]);
        Assert.Null(definitions["image"]!["properties"]!["source"]!["pattern"]);
        Assert.Equal(ImageSettings.RegistryPattern, (string?)definitions["image"]!["properties"]!["registry"]!["pattern"]);
        Assert.Equal("uri", (string?)definitions["targets"]!["items"]!["properties"]!["url"]!["format"]);
        Assert.NotNull(definitions["targets"]!["items"]!["properties"]!["host"]!["anyOf"]);
    }

    public void Dispose() => environments.Dispose();
}
