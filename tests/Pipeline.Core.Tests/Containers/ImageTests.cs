using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Pipeline.Core.Artifacts;
using Pipeline.Core.Configuration;
using Pipeline.Core.Containers;
using Pipeline.Core.Hosting;

namespace Pipeline.Core.Tests.Containers;

[Collection(ContainerServersDefinition.Name)]
public sealed class ImageTests(ContainerServers servers)
{
    [Fact]
    public void The_same_artifact_and_commit_give_the_same_image_digest_in_two_checkouts()
    {
        var first = ContainerServers.Assembler().Assemble(servers.CopyArtifact(), ContainerServers.Source, _ => { });
        var second = ContainerServers.Assembler().Assemble(servers.CopyArtifact(), ContainerServers.Source, _ => { });

        Assert.Equal(first.Digest, second.Digest);
        Assert.Equal(first.ConfigDigest, second.ConfigDigest);
        Assert.NotEqual(first.ManifestPath, second.ManifestPath);
    }

    [Fact]
    public void An_image_of_another_commit_has_another_digest()
    {
        var first = ContainerServers.Assembler().Assemble(servers.CopyArtifact(), ContainerServers.Source, _ => { });
        var later = ContainerServers.Source with { Revision = new string('d', 40), Created = ContainerServers.Source.Created.AddMinutes(5) };
        var second = ContainerServers.Assembler().Assemble(servers.CopyArtifact(), later, _ => { });

        Assert.NotEqual(first.Digest, second.Digest);
    }

    [Fact]
    public void An_artifact_whose_archive_differs_from_its_manifest_makes_no_image()
    {
        var artifact = servers.CopyArtifact();
        using (var archive = File.OpenWrite(artifact.ArchivePath))
        {
            archive.Seek(0, SeekOrigin.End);
            archive.WriteByte(0);
        }

        var error = Assert.Throws<ContainerException>(() => ContainerServers.Assembler().Assemble(artifact, ContainerServers.Source, _ => { }));

        Assert.Contains(artifact.ArchivePath, error.Message);
        Assert.Contains("its manifest says", error.Message);
        Assert.False(File.Exists(Path.Combine(ImageAssembler.ImageDirectory(artifact), ImageAssembler.DescriptionFile)));
    }

    [Fact]
    public void The_app_layer_is_checked_file_by_file_against_the_manifest()
    {
        var image = ContainerServers.Assembler().Assemble(servers.CopyArtifact(), ContainerServers.Source, _ => { });
        var manifest = ArtifactVerifier.ReadManifest(servers.Artifact);
        var changed = manifest with
        {
            Files = [.. manifest.Files.Select(f => f.Path == "Trading.App.dll" ? f with { Sha256 = new string('0', 64) } : f)],
        };

        Assert.Empty(ImageVerifier.VerifyAppLayer(image.AppLayer, manifest, servers.Artifact.ArchiveName));
        var problem = Assert.Single(ImageVerifier.VerifyAppLayer(image.AppLayer, changed, servers.Artifact.ArchiveName));
        Assert.Contains("/opt/trading-app/app/Trading.App.dll has sha256", problem);
    }

    [Fact]
    public async Task A_pushed_image_is_pulled_by_digest_with_its_labels_user_and_health_check_and_runs_healthy()
    {
        var image = ContainerServers.Assembler().Assemble(servers.CopyArtifact(), ContainerServers.Source, _ => { });
        using var http = new HttpClient();
        var registry = new RegistryClient(http, RegistryClient.Address(servers.Registry.Address));
        var pushed = await registry.PushAsync(image, "trading-app", _ => { });
        Assert.Equal(image.Digest, await registry.ManifestDigestAsync("trading-app", ContainerServers.Version));

        var settings = servers.Engine.Settings();
        new DockerPullTool(ContainerServers.Tools).Pull(settings, pushed.Reference);
        var inspected = new DockerInspectTool(ContainerServers.Tools).Image(settings, pushed.Reference);

        Assert.Equal(image.ConfigDigest, inspected.GetProperty("Id").GetString());
        Assert.Contains(pushed.Reference, inspected.GetProperty("RepoDigests").EnumerateArray().Select(d => d.GetString()));
        var config = inspected.GetProperty("Config");
        var labels = config.GetProperty("Labels");
        Assert.Equal(ContainerServers.Version, labels.GetProperty("org.opencontainers.image.version").GetString());
        Assert.Equal(ContainerServers.Source.Revision, labels.GetProperty("org.opencontainers.image.revision").GetString());
        Assert.Equal("2026-11-30T09:15:00Z", labels.GetProperty("org.opencontainers.image.created").GetString());
        Assert.Equal(ContainerServers.Source.Url, labels.GetProperty("org.opencontainers.image.source").GetString());
        Assert.Equal(ArtifactVerifier.ReadManifest(servers.Artifact).Archive.Sha256, labels.GetProperty(ImageDocuments.ArtifactLabel).GetString());
        Assert.Equal("10001:10001", config.GetProperty("User").GetString());
        Assert.Equal(AppImageLayout.HealthScript, config.GetProperty("Healthcheck").GetProperty("Test")[1].GetString());

        var port = FreePort.Next();
        var name = $"image-test-{Guid.NewGuid():N}";
        var run = new DockerRunSettings { Host = settings.Host, Image = pushed.Reference, Name = name, Network = "host" };
        run.ContainerEnvironment[AppImageLayout.PortVariable] = port.ToString(CultureInfo.InvariantCulture);
        run.Mounts.Add(new DockerMount(servers.MigratedDataDirectory(), AppImageLayout.DataDirectory, ReadOnly: false));
        new DockerRunTool(ContainerServers.Tools).Run(run);
        try
        {
            var health = await WaitForHealthAsync(settings, name);
            Assert.True(health == "healthy", $"health {health}: {string.Join('\n', new DockerLogsTool(ContainerServers.Tools).Tail(settings, name))} {new DockerInspectTool(ContainerServers.Tools).Container(settings, name)!.Value.GetProperty("State")}");
            var version = await http.GetFromJsonAsync<JsonElement>(new Uri($"http://127.0.0.1:{port}/version"));
            Assert.Equal(ContainerServers.Version, version.GetProperty("version").GetString());
            var user = new DockerInspectTool(ContainerServers.Tools).Container(settings, name)!.Value.GetProperty("Config").GetProperty("User").GetString();
            Assert.Equal("10001:10001", user);
        }
        finally
        {
            new DockerRemoveTool(ContainerServers.Tools).StopAndRemove(settings, name, TimeSpan.FromSeconds(10));
        }
    }

    private static async Task<string?> WaitForHealthAsync(Pipeline.Core.Containers.DockerSettings settings, string name)
    {
        var inspect = new DockerInspectTool(ContainerServers.Tools);
        string? status = null;
        for (var attempt = 0; attempt < 120; attempt++)
        {
            var state = inspect.Container(settings, name)!.Value.GetProperty("State");
            status = state.GetProperty("Health").GetProperty("Status").GetString();
            if (status is "healthy" or "unhealthy" || !state.GetProperty("Running").GetBoolean())
            {
                return status;
            }

            await Task.Delay(500);
        }

        return status;
    }
}
