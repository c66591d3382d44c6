using System.Text.Json.Nodes;
using Pipeline.Core.Configuration;
using Pipeline.Core.Containers.Scanning;

namespace Pipeline.Core.Tests;

public sealed class ImageSettingsValidationTests : IDisposable
{
    private readonly TempEnvironments environments = new();

    private EnvironmentLoader Loader => new(new EnvironmentCatalog(environments.Directory));

    [Fact]
    public void The_image_settings_are_read_with_their_defaults()
    {
        environments.Edit("staging", root => root["deployment"]!["image"] = new JsonObject { ["source"] = "https://git.example.com/pipeline.git", ["registry"] = "127.0.0.1:5000" });

        var image = Loader.Load("staging").Deployment.Image!;

        Assert.Equal(("127.0.0.1:5000", "trading-app", Severity.High), (image.Registry, image.Repository, image.FailOnSeverity));
    }

    [Fact]
    public void A_registry_with_a_scheme_a_source_that_is_not_a_URL_and_an_unknown_severity_are_each_named()
    {
        environments.Edit("staging", root => root["deployment"]!["image"] = new JsonObject { ["source"] = "pipeline", ["registry"] = "http://127.0.0.1:5000/" });

        var errors = Assert.Throws<ConfigurationException>(() => Loader.Load("staging")).Errors;

        var registry = errors.Single(e => e.JsonPath == "$.deployment.image.registry");
        Assert.Equal("\"http://127.0.0.1:5000/\"", registry.Found);
        Assert.Contains("host:port", registry.Expected);
        Assert.Contains("absolute URL", errors.Single(e => e.JsonPath == "$.deployment.image.source").Expected);

        environments.Edit("staging", root => root["deployment"]!["image"] = new JsonObject { ["source"] = "https://git.example.com/pipeline.git", ["failOnSeverity"] = "severe" });
        Assert.Equal("$.deployment.image.failOnSeverity", Assert.Single(Assert.Throws<ConfigurationException>(() => Loader.Load("staging")).Errors).JsonPath);
    }

    public void Dispose() => environments.Dispose();
}
