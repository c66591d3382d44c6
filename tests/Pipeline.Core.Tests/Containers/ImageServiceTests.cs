using Pipeline.Core.Configuration.Model;
using Pipeline.Core.Containers;
using Pipeline.Core.Containers.Scanning;

namespace Pipeline.Core.Tests.Containers;

[Collection(ContainerServersDefinition.Name)]
public sealed class ImageServiceTests(ContainerServers servers)
{
    [Fact]
    public async Task The_SBOM_lists_Debian_runtime_and_NuGet_packages_and_a_finding_at_the_threshold_stops_the_push()
    {
        var artifact = servers.CopyArtifact();
        var repository = $"scan-{Guid.NewGuid():N}";
        var list = WriteList(Severity.Critical);
        var settings = new ImageSettings { Registry = servers.Registry.Address, Repository = repository, Source = ContainerServers.Source.Url, FailOnSeverity = Severity.High };
        using var http = new HttpClient();
        var lines = new List<string>();

        var error = await Assert.ThrowsAsync<ContainerException>(() =>
            Service(http).RunAsync(new ImageRequest(artifact, ContainerServers.Source, settings, list), lines.Add));

        Assert.Contains("TEST-LIBC", error.Message);
        Assert.Contains("it was not pushed", error.Message);
        Assert.Null(PushResult.Read(artifact));
        Assert.Null(await new RegistryClient(http, RegistryClient.Address(servers.Registry.Address)).ManifestDigestAsync(repository, ContainerServers.Version));
        var sbom = File.ReadAllText(Path.Combine(ImageAssembler.ImageDirectory(artifact), Sbom.FileName));
        Assert.Contains("pkg:deb/debian/libc6@", sbom);
        Assert.Contains("pkg:nuget/Npgsql@", sbom);
        Assert.Contains("Microsoft.AspNetCore.App", sbom);
        Assert.Contains(lines, line => line.StartsWith("SBOM: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Findings_below_the_threshold_are_reported_and_the_image_is_pushed_and_recorded_by_digest()
    {
        var artifact = servers.CopyArtifact();
        var repository = $"scan-{Guid.NewGuid():N}";
        var list = WriteList(Severity.Medium);
        var settings = new ImageSettings { Registry = servers.Registry.Address, Repository = repository, Source = ContainerServers.Source.Url, FailOnSeverity = Severity.High };
        using var http = new HttpClient();
        var lines = new List<string>();

        var result = await Service(http).RunAsync(new ImageRequest(artifact, ContainerServers.Source, settings, list), lines.Add);

        Assert.Contains(lines, line => line.Contains("TEST-LIBC (medium): libc6", StringComparison.Ordinal));
        Assert.Equal($"{servers.Registry.Address}/{repository}@{result.Image.Digest}", PushResult.Read(artifact)!.Reference);
        Assert.Equal(result.Image.Digest, await new RegistryClient(http, RegistryClient.Address(servers.Registry.Address)).ManifestDigestAsync(repository, result.Image.Digest));
    }

    private static ImageService Service(HttpClient http)
    {
        var recipe = BaseImageRecipe.Default;
        var cache = new BaseImageCache(BaseImageCache.DefaultRoot(), recipe, new DebootstrapTool(ContainerServers.Tools), new TarTool(ContainerServers.Tools));
        return new ImageService(ContainerServers.Assembler(), cache, http);
    }

    // Every libc6 is below version 99, so the entry always matches the base's glibc.
    private string WriteList(Severity severity)
    {
        var path = Path.Combine(servers.Scratch, $"vulnerabilities-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, $$"""
            { "checked": "2026-11-30", "entries": [
              { "id": "TEST-LIBC", "ecosystem": "deb", "package": "glibc", "fixedIn": "99.0-1", "severity": "{{severity.ToString().ToLowerInvariant()}}", "summary": "an advisory every glibc matches" },
              { "id": "TEST-NEVER", "ecosystem": "nuGet", "package": "Npgsql", "fixedIn": "1.0.0", "severity": "critical", "summary": "fixed long before the version the app uses" }
            ] }
            """);
        return path;
    }
}
