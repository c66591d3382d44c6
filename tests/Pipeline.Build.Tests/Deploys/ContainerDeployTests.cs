using System.Text.Json.Nodes;
using Pipeline.Core.Artifacts;
using Pipeline.Core.Containers;
using Pipeline.Core.Deployment;
using Pipeline.Core.Tests.Containers;

namespace Pipeline.Build.Tests.Deploys;

/// <summary>
/// The whole graph onto a container target: Image, Deploy, Status and Rollback through the real build host, against a
/// Docker engine and a registry of the test's own. Slow: each container copies the whole image under vfs storage.
/// </summary>
[Collection(DeployTestGroup.Name)]
public sealed class ContainerDeployTests : IDisposable
{
    private readonly ReleaseArtifacts artifacts;
    private readonly DockerEngine engine;
    private readonly RegistryServer registry;
    private readonly DeployWorkspace workspace;

    public ContainerDeployTests(ReleaseArtifacts artifacts)
    {
        this.artifacts = artifacts;
        registry = new RegistryServer();
        engine = new DockerEngine();
        workspace = new DeployWorkspace(configure: config =>
        {
            config["deployment"]!["targets"]![0] = new JsonObject
            {
                ["name"] = "app",
                ["kind"] = "container",
                ["socket"] = engine.Socket,
                ["url"] = $"{config["server"]!["baseUrl"]}/",
                ["path"] = ".pipeline/servers/development",
            };
            config["deployment"]!["image"]!["registry"] = $"127.0.0.1:{registry.Port}";

            // A container's first answer waits for vfs to copy the image (about 40 s on a busy machine).
            config["deployment"]!["healthCheck"] = new JsonObject { ["path"] = "/health", ["retries"] = 100, ["intervalSeconds"] = 3, ["timeoutSeconds"] = 300 };
        });
    }

    [Fact]
    public async Task Image_Deploy_Status_and_Rollback_through_the_build_host_run_the_pushed_digests_and_keep_every_order()
    {
        var commit = CheckoutCommit.Make(workspace.Root);
        artifacts.Install(workspace.Root, ReleaseArtifacts.V1, commit);
        artifacts.Install(workspace.Root, ReleaseArtifacts.V2, commit);

        workspace.Build.Succeeds("--target=Image", "--exclusive", "--env=development", $"--app-version={ReleaseArtifacts.V1}");
        var first = Pushed(ReleaseArtifacts.V1);
        Assert.True(workspace.Deploy(ReleaseArtifacts.V1) == 0, workspace.Build.Console.All);
        Assert.Contains($"pulled {first.Reference} into the engine at unix://{engine.Socket}", workspace.Build.Console.All);
        Assert.Equal(ReleaseArtifacts.V1, await workspace.LiveVersionAsync());
        var order = await workspace.PlaceOrderAsync("AAPL", 10, 190.5m);

        workspace.Build.Succeeds("--target=Image", "--exclusive", "--env=development", $"--app-version={ReleaseArtifacts.V2}");
        var second = Pushed(ReleaseArtifacts.V2);
        Assert.NotEqual(first.Digest, second.Digest);
        Assert.True(workspace.Deploy(ReleaseArtifacts.V2) == 0, workspace.Build.Console.All);
        Assert.Equal(ReleaseArtifacts.V2, await workspace.LiveVersionAsync());
        Assert.Contains(order, await workspace.OrderIdsAsync());
        Assert.Equal(second.Reference, new DeploymentHistory(workspace.Store).All()[^1].Image);

        workspace.Build.Succeeds("--target=Status", "--env=development");
        var status = workspace.Build.Console.All;
        Assert.Contains($"development: live {ReleaseArtifacts.V2}", status);
        Assert.Matches($@"app\s+-\s+{ReleaseArtifacts.V2}\s+healthy\s+{ReleaseArtifacts.V2}\s", status);
        Assert.Contains($"image {second.Reference}", status);

        Assert.True(workspace.Rollback("--component=application") == 0, workspace.Build.Console.All);
        Assert.DoesNotContain("pulled ", workspace.Build.Console.All);
        Assert.Equal(ReleaseArtifacts.V1, await workspace.LiveVersionAsync());
        Assert.Contains(order, await workspace.OrderIdsAsync());
        workspace.Build.Succeeds("--target=Status", "--env=development");
        Assert.Contains($"image {first.Reference}", workspace.Build.Console.All);
    }

    public void Dispose()
    {
        try
        {
            workspace.Dispose();
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
            }
        }
    }

    private PushResult Pushed(string version) =>
        PushResult.Read(new ArtifactLayout(Path.Combine(workspace.Root, "artifacts"), version)) ?? throw new InvalidOperationException($"Image pushed nothing for {version}.");
}
