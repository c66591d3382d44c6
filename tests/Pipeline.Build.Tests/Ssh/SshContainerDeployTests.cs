using System.Text.Json.Nodes;
using Pipeline.Build.Tests.Deploys;
using Pipeline.Core.Artifacts;
using Pipeline.Core.Containers;
using Pipeline.Core.Tests.Containers;
using Pipeline.Core.Tests.Support;

namespace Pipeline.Build.Tests.Ssh;

/// <summary>
/// A container target on a host reached over SSH, through the real build host: the host a real sshd of its own whose
/// Docker engine is the test's dockerd, the images pushed to the test's registry, the database a real PostgreSQL.
/// Slow: each container copies the whole image under vfs storage.
/// </summary>
[Collection(DeployTestGroup.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SshContainerDeployTests : IClassFixture<PostgresServer>, IAsyncLifetime, IDisposable
{
    private const string ConnectionVariable = "TRADING_TEST_PG_SSH_CONTAINER";
    private readonly ReleaseArtifacts artifacts;
    private readonly PostgresServer postgres;
    private readonly RegistryServer registry = new();
    private readonly DockerEngine engine = new();
    private readonly SshFleet fleet = new(1, firstAddress: 31);
    private readonly DeployWorkspace workspace;
    private string connectionString = string.Empty;

    public SshContainerDeployTests(ReleaseArtifacts artifacts, PostgresServer postgres)
    {
        this.artifacts = artifacts;
        this.postgres = postgres;
        workspace = new DeployWorkspace(configure: config =>
        {
            config["database"] = new JsonObject { ["engine"] = "postgresql", ["connectionString"] = $"env:{ConnectionVariable}" };
            var target = (JsonObject)fleet.Targets()[0]!.DeepClone();
            target["kind"] = "container";
            target["socket"] = engine.Socket;
            config["deployment"]!["targets"]![0] = target;
            config["deployment"]!["image"]!["registry"] = $"127.0.0.1:{registry.Port}";

            // A container's first answer waits for vfs to copy the image (about 40 s on a busy machine).
            config["deployment"]!["healthCheck"] = new JsonObject { ["path"] = "/health", ["retries"] = 100, ["intervalSeconds"] = 3, ["timeoutSeconds"] = 300 };
        });
    }

    public async Task InitializeAsync()
    {
        var database = await postgres.CreateDatabaseAsync();
        connectionString = database.ToConnectionString(pooling: false);
        Environment.SetEnvironmentVariable(ConnectionVariable, connectionString);
    }

    [Fact]
    public async Task Deploy_pulls_the_digest_on_the_host_and_its_front_door_runs_it_and_Rollback_pulls_nothing()
    {
        var host = fleet.Hosts[0];
        var commit = CheckoutCommit.Make(workspace.Root);
        artifacts.Install(workspace.Root, ReleaseArtifacts.V1, commit);
        artifacts.Install(workspace.Root, ReleaseArtifacts.V2, commit);

        workspace.Build.Succeeds("--target=Image", "--exclusive", "--env=development", $"--app-version={ReleaseArtifacts.V1}");
        var first = Pushed(ReleaseArtifacts.V1);
        Assert.True(workspace.Deploy(ReleaseArtifacts.V1) == 0, workspace.Build.Console.All);
        Assert.Contains($"pulled {first.Reference} into the engine at unix://{engine.Socket} on {SshFleet.TargetName(host)}", workspace.Build.Console.All);
        Assert.Equal(ReleaseArtifacts.V1, await fleet.ServedVersionAsync(host));

        workspace.Build.Succeeds("--target=Image", "--exclusive", "--env=development", $"--app-version={ReleaseArtifacts.V2}");
        var second = Pushed(ReleaseArtifacts.V2);
        Assert.True(workspace.Deploy(ReleaseArtifacts.V2) == 0, workspace.Build.Console.All);
        Assert.Contains($"pulled {second.Reference}", workspace.Build.Console.All);
        Assert.Equal(ReleaseArtifacts.V2, await fleet.ServedVersionAsync(host));
        Assert.Equal(ReleaseArtifacts.V2, host.Server.CurrentVersion());

        // The connection string reaches the container through desired.json (owner only), never a command line.
        var desired = Path.Combine(host.Server.Shared, "frontdoor", "desired.json");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(desired));
        Assert.Contains(second.Reference, File.ReadAllText(desired));
        var client = File.ReadAllText(Path.Combine(host.Server.Shared, "app.pid")).Trim();
        var commandLine = File.ReadAllText($"/proc/{client}/cmdline").Replace('\0', ' ');
        Assert.Contains("docker run", commandLine);
        Assert.Contains(second.Reference, commandLine);
        Assert.DoesNotContain(connectionString, commandLine);

        Assert.True(workspace.Rollback("--component=application") == 0, workspace.Build.Console.All);
        Assert.DoesNotContain("pulled ", workspace.Build.Console.All);
        Assert.Equal(ReleaseArtifacts.V1, await fleet.ServedVersionAsync(host));
        Assert.Equal(ReleaseArtifacts.V1, host.Server.CurrentVersion());
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        try
        {
            workspace.Dispose();
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
                Environment.SetEnvironmentVariable(ConnectionVariable, null);
            }
        }
    }

    private PushResult Pushed(string version) =>
        PushResult.Read(new ArtifactLayout(Path.Combine(workspace.Root, "artifacts"), version)) ?? throw new InvalidOperationException($"Image pushed nothing for {version}.");
}
