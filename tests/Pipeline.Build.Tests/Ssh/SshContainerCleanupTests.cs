using Pipeline.Build.Tests.Deploys;
using Pipeline.Core.Artifacts;
using Pipeline.Core.Configuration.Model;
using Pipeline.Core.Containers;
using Pipeline.Core.Deployment;
using Pipeline.Core.Targets.Ssh;
using Pipeline.Core.Tests.Containers;

namespace Pipeline.Build.Tests.Ssh;

/// <summary>
/// A container target on a host reached over SSH, without the graph: a real sshd of the test's own whose Docker engine
/// is the test's dockerd, images assembled and pushed by digest to the test's registry as Image does. No container runs.
/// </summary>
[Collection(DeployTestGroup.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SshContainerCleanupTests : IDisposable
{
    private const string Twin = "2026.12.02-7e57e57";
    private static readonly HealthCheckSettings Health = new() { Retries = 1, IntervalSeconds = 1, TimeoutSeconds = 10 };
    private readonly ReleaseArtifacts artifacts;
    private readonly RegistryServer registry = new();
    private readonly DockerEngine engine = new();
    private readonly SshFleet fleet = new(1, firstAddress: 32);
    private readonly string root = Directory.CreateTempSubdirectory("pipeline-ssh-containers-").FullName;
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public SshContainerCleanupTests(ReleaseArtifacts artifacts) => this.artifacts = artifacts;

    [Fact]
    public async Task Clean_up_removes_the_images_of_the_releases_it_deletes_from_the_hosts_engine_and_never_one_a_kept_release_names()
    {
        var first = await PushedAsync(ReleaseArtifacts.V1);
        var second = await PushedAsync(ReleaseArtifacts.V2);
        var twin = SameImageAs(first, Twin);
        using var target = NewTarget();
        foreach (var artifact in new[] { first, second, twin })
        {
            await target.PrepareAsync(artifact, FileDigest.Sha256(artifact.ArchivePath), _ => { });
        }

        // Live without a container: clean-up reads only which release current names.
        var host = fleet.Hosts[0];
        host.Server.SwitchTo(Twin);
        Assert.Contains($"(image {Image(first)})", (await target.ProbeAsync()).Detail);
        var removed = await target.CleanupAsync(new HashSet<string>(StringComparer.Ordinal) { ReleaseArtifacts.V2 });

        Assert.Equal([ReleaseArtifacts.V1], removed);
        Assert.True(InEngine(Image(first)), "the live release names the removed release's image");
        Assert.True(InEngine(Image(second)));

        removed = await target.CleanupAsync(new HashSet<string>(StringComparer.Ordinal) { Twin });

        Assert.Equal([ReleaseArtifacts.V2], removed);
        Assert.False(InEngine(Image(second)), $"{Image(second)} is still in the host's engine");
        Assert.True(InEngine(Image(first)));
        Assert.Equal([Twin], await target.KeptVersionsAsync());
    }

    public void Dispose()
    {
        try
        {
            http.Dispose();
            fleet.Dispose();
        }
        finally
        {
            try
            {
                engine.Dispose();
            }
            finally
            {
                registry.Dispose();
                Directory.Delete(root, recursive: true);
            }
        }
    }

    private static string Image(ArtifactLayout artifact) => PushResult.Read(artifact)!.Reference;

    private SshContainerTarget NewTarget()
    {
        var host = fleet.Hosts[0];
        var ssh = new SshHost(SshFleet.TargetName(host), host.Address, host.SshPort, Environment.UserName, host.Root);
        var connection = new SshConnection(ssh, () => host.PrivateKey, HostKeyPin.Parse(host.HostPublicKey, "the test host's key"));
        var url = fleet.Url(host);
        var endpoint = new AppEndpoint(new ServerSettings { Host = url.Host, Port = url.Port, BaseUrl = url.ToString() }, Health, http);
        return new SshContainerTarget(connection, engine.Socket, endpoint, Health, () => new Dictionary<string, string>());
    }

    // The artifact's image, assembled and pushed by digest as the Image target does.
    private async Task<ArtifactLayout> PushedAsync(string version)
    {
        artifacts.Install(root, version);
        var artifact = new ArtifactLayout(Path.Combine(root, "artifacts"), version);
        var image = ContainerServers.Assembler().Assemble(artifact, ContainerServers.Source, _ => { });
        (await new RegistryClient(http, RegistryClient.Address(registry.Address)).PushAsync(image, "trading-app", _ => { })).Save(artifact);
        return artifact;
    }

    /// <summary>An artifact of another version whose archive and pushed image are <paramref name="artifact"/>'s, byte for byte.</summary>
    private ArtifactLayout SameImageAs(ArtifactLayout artifact, string version)
    {
        var copy = new ArtifactLayout(Path.Combine(root, "artifacts"), version);
        Directory.CreateDirectory(Path.Combine(copy.Directory, "image"));
        File.Copy(artifact.ArchivePath, copy.ArchivePath);
        File.Copy(artifact.ManifestPath, copy.ManifestPath);
        (PushResult.Read(artifact)! with { Tag = copy.Version }).Save(copy);
        return copy;
    }

    private bool InEngine(string image)
    {
        using var docker = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("docker", ["--host", engine.Host, "image", "inspect", "--format={{.Id}}", image])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        docker.StandardOutput.ReadToEnd();
        docker.StandardError.ReadToEnd();
        docker.WaitForExit();
        return docker.ExitCode == 0;
    }
}
