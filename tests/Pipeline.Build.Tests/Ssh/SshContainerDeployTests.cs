using System.Text.Json.Nodes;
using Pipeline.Build.Tests.Deploys;
using Pipeline.Core.Artifacts;
using Pipeline.Core.Containers;
using Pipeline.Core.Tests.Containers;
using Pipeline.Core.Tests.Support;
using Pipeline.Testing;
using Xunit.Abstractions;

namespace Pipeline.Build.Tests.Ssh;

/// <summary>
/// A container target on a host reached over SSH, through the real build host: the host a real sshd of its own whose
/// Docker engine is the test's dockerd, the images pushed to the test's registry, the database a real PostgreSQL.
/// The switch to V2 is made under a trading desk's load. Slow: each container copies the whole image under vfs storage.
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
    private readonly ITestOutputHelper output;
    private string connectionString = string.Empty;

    public SshContainerDeployTests(ReleaseArtifacts artifacts, PostgresServer postgres, ITestOutputHelper output)
    {
        this.output = output;
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
        RefusesAnImageOfAnotherArtifact(host, first);
        await ChangesNothing(host, second, "--dryrun");
        host.StopSshd();
        try
        {
            await ChangesNothing(host, second);
            Assert.Contains($"target {SshFleet.TargetName(host)} (ssh {Environment.UserName}@{host.Address}:{host.SshPort}), step \"connect\": unreachable", workspace.Build.Console.Error);
        }
        finally
        {
            host.Start();
        }

        var load = TradingLoad.Start(fleet.Url(host));
        LoadReport report;
        var deployed = string.Empty;
        try
        {
            await load.AcknowledgedAtLeastAsync(1);
            Assert.True(workspace.Deploy(ReleaseArtifacts.V2) == 0, workspace.Build.Console.All);
            deployed = workspace.Build.Console.All;
            Assert.Contains($"pulled {second.Reference}", workspace.Build.Console.All);
            Assert.Equal(ReleaseArtifacts.V2, await fleet.ServedVersionAsync(host));
            Assert.Equal(ReleaseArtifacts.V2, host.Server.CurrentVersion());
            await load.AcknowledgedAtLeastAsync(load.Acknowledged.Count + 1);
            SecretsOnlyInDesired(host, second);
            workspace.Build.Succeeds("--target=Status", "--env=development");
            Assert.Contains($"image {second.Reference}", workspace.Build.Console.All);

            Assert.True(workspace.Rollback("--component=application") == 0, workspace.Build.Console.All);
            Assert.DoesNotContain("pulled ", workspace.Build.Console.All);
            Assert.Equal(ReleaseArtifacts.V1, await fleet.ServedVersionAsync(host));
            Assert.Equal(ReleaseArtifacts.V1, host.Server.CurrentVersion());
            await load.AcknowledgedAtLeastAsync(load.Acknowledged.Count + 1);
            report = await load.StopAsync();
        }
        finally
        {
            await load.DisposeAsync();
        }

        output.WriteLine(report.ToString());
        Assert.True(report.Failed == 0, $"{report}\nthe front door's log:\n{File.ReadAllText(Path.Combine(host.Server.Shared, "logs", "frontdoor.log"))}\nDeploy of V2:\n{deployed}\nRollback:\n{workspace.Build.Console.All}");
        Assert.Equal([ReleaseArtifacts.V1, ReleaseArtifacts.V2], report.VersionsSeen.Keys.Order());
        Assert.Empty(report.Acknowledged.Except(await PostgresOrders.IdsAsync(connectionString)));
        Assert.Single(ContainersOf(SshFleet.TargetName(host)));

        // The host's front door and the container's docker client killed with SIGKILL: the container runs on, and the
        // next switch stops and removes it.
        var orphan = Assert.Single(ContainersOf(SshFleet.TargetName(host)));
        Kill(Path.Combine(host.Server.Shared, "frontdoor.pid"));
        Kill(Path.Combine(host.Server.Shared, "app.pid"));
        Assert.True(workspace.Rollback("--component=application", $"--to={ReleaseArtifacts.V2}") == 0, workspace.Build.Console.All);
        Assert.Contains($"stopped and removed container {orphan.Trim()}", workspace.Build.Console.All);
        Assert.Equal(ReleaseArtifacts.V2, await fleet.ServedVersionAsync(host));
        Assert.NotEqual(orphan, Assert.Single(ContainersOf(SshFleet.TargetName(host))));
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

    // An artifact whose pushed.json names another artifact's image (V1's): the label check on the host refuses it
    // before anything is uploaded, and V1 keeps serving.
    private void RefusesAnImageOfAnotherArtifact(SshTestHost host, PushResult v1Image)
    {
        const string Mislabelled = "2026.11.23-ddddddd";
        artifacts.InstallChanged(workspace.Root, Mislabelled, ReleaseArtifacts.V1, release => File.AppendAllText(Path.Combine(release, "appsettings.json"), "\n"));
        var artifact = new ArtifactLayout(Path.Combine(workspace.Root, "artifacts"), Mislabelled);
        Directory.CreateDirectory(ImageAssembler.ImageDirectory(artifact));
        v1Image.Save(artifact);

        Assert.NotEqual(0, workspace.Deploy(Mislabelled));

        var v1Sha256 = FileDigest.Sha256(new ArtifactLayout(Path.Combine(workspace.Root, "artifacts"), ReleaseArtifacts.V1).ArchivePath);
        Assert.Contains($"the image {v1Image.Reference} on {Environment.UserName}@{host.Address}:{host.SshPort} holds the artifact with sha256 {v1Sha256}, not {FileDigest.Sha256(artifact.ArchivePath)} of {artifact.ArchiveName}; nothing was changed", workspace.Build.Console.Error);
        Assert.False(Directory.Exists(host.Server.ReleasePath(Mislabelled)));
        Assert.Equal(ReleaseArtifacts.V1, host.Server.CurrentVersion());
        Assert.Equal(ReleaseArtifacts.V1, fleet.ServedVersionAsync(host).GetAwaiter().GetResult());
    }

    // A dry run, or a deploy while the host cannot be reached: nothing of V2 on the host or in its engine, V1 serving.
    private async Task ChangesNothing(SshTestHost host, PushResult v2Image, params string[] extra)
    {
        var exitCode = workspace.Deploy(ReleaseArtifacts.V2, extra);

        Assert.True(extra.Length > 0 ? exitCode == 0 : exitCode != 0, workspace.Build.Console.All);
        Assert.False(Directory.Exists(host.Server.ReleasePath(ReleaseArtifacts.V2)));
        Assert.Equal(ReleaseArtifacts.V1, host.Server.CurrentVersion());
        Assert.False(InEngine(v2Image.Reference), $"{v2Image.Reference} was pulled into the host's engine");
        Assert.Equal(ReleaseArtifacts.V1, await fleet.ServedVersionAsync(host));
    }

    /// <summary>SIGKILL, as the machine's out-of-memory killer or an operator's kill -9 would.</summary>
    private static void Kill(string pidFile)
    {
        using var process = System.Diagnostics.Process.GetProcessById(int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture));
        process.Kill();
        process.WaitForExit(10_000);
    }

    private bool InEngine(string reference) => Docker("image", "inspect", reference).ExitCode == 0;

    // The connection string reaches the container through desired.json (owner only), never a command line.
    private void SecretsOnlyInDesired(SshTestHost host, PushResult image)
    {
        var desired = Path.Combine(host.Server.Shared, "frontdoor", "desired.json");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(desired));
        Assert.Contains(connectionString, File.ReadAllText(desired));
        var client = File.ReadAllText(Path.Combine(host.Server.Shared, "app.pid")).Trim();
        var commandLine = File.ReadAllText($"/proc/{client}/cmdline").Replace('\0', ' ');
        Assert.Contains("docker run", commandLine);
        Assert.Contains(image.Reference, commandLine);
        Assert.DoesNotContain(connectionString, commandLine);
    }

    /// <summary>Every container of the target in the engine, running or stopped: the stopped ones are removed after each switch.</summary>
    private string[] ContainersOf(string target)
    {
        var (exitCode, output) = Docker("ps", "--all", "--quiet", "--filter", $"label={ContainerInstance.LabelKey}={target}");
        Assert.Equal(0, exitCode);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private (int ExitCode, string Output) Docker(params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "--host", engine.Host }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var docker = System.Diagnostics.Process.Start(start)!;
        var output = docker.StandardOutput.ReadToEnd();
        docker.StandardError.ReadToEnd();
        docker.WaitForExit();
        return (docker.ExitCode, output);
    }

    private PushResult Pushed(string version) =>
        PushResult.Read(new ArtifactLayout(Path.Combine(workspace.Root, "artifacts"), version)) ?? throw new InvalidOperationException($"Image pushed nothing for {version}.");
}
