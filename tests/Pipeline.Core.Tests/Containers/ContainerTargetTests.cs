using System.Text.Json;
using Microsoft.Data.Sqlite;
using Pipeline.Core.Artifacts;
using Pipeline.Core.Configuration;
using Pipeline.Core.Configuration.Model;
using Pipeline.Core.Containers;
using Pipeline.Core.Deployment;
using Pipeline.Core.FrontDoor;
using Pipeline.Core.Hosting;
using Pipeline.Core.Targets;
using Pipeline.Testing;

namespace Pipeline.Core.Tests.Containers;

/// <summary>
/// Container targets on the tests' own Docker engine and registry: images pushed by digest as the Image target does,
/// pulled by prepare, started behind the target's front door under a trading desk's load.
/// </summary>
[Collection(ContainerServersDefinition.Name)]
public sealed class ContainerTargetTests(ContainerServers servers)
{
    private const string Second = "2026.12.01-d00dfee";
    // The engine's vfs storage copies the whole image for each container: one starts in tens of seconds on a busy machine.
    private static readonly HealthCheckSettings Health = new() { Retries = 240, IntervalSeconds = 1, TimeoutSeconds = 240 };
    private static ArtifactLayout? first;
    private static ArtifactLayout? second;

    [Fact]
    public async Task A_deploy_and_a_rollback_under_load_fail_no_request_and_keep_every_acknowledged_order()
    {
        var first = await servers.PushedAsync(ContainerTargetTests.first ??= servers.CopyArtifact());
        var next = await servers.PushedAsync(second ??= servers.PublishArtifact(Second));
        var (target, _) = NewTarget();
        var steps = new List<string>();
        try
        {
            await PrepareAsync(target, first, steps);
            await target.ActivateAsync(ContainerServers.Version, steps.Add);
            Assert.True((await target.CheckHealthAsync(ContainerServers.Version)).Healthy);

            await using var load = TradingLoad.Start(target.Url);
            await load.AcknowledgedAtLeastAsync(5);
            await PrepareAsync(target, next, steps);
            await target.ActivateAsync(Second, steps.Add);
            Assert.True((await target.CheckHealthAsync(Second)).Healthy, string.Join('\n', steps));
            await load.AcknowledgedAtLeastAsync(load.Acknowledged.Count + 5);

            var pulledBefore = PullLines(steps);
            await target.ActivateAsync(ContainerServers.Version, steps.Add);
            Assert.True((await target.CheckHealthAsync(ContainerServers.Version)).Healthy, string.Join('\n', steps));
            await load.AcknowledgedAtLeastAsync(load.Acknowledged.Count + 5);
            var report = await load.StopAsync();

            Assert.True(report.Failed == 0, report.ToString());
            Assert.Contains(ContainerServers.Version, report.VersionsSeen.Keys);
            Assert.Contains(Second, report.VersionsSeen.Keys);
            Assert.Equal(pulledBefore, PullLines(steps));
            Assert.Equal(PushResult.Read(first)!.Reference, target.ImageOf(ContainerServers.Version));
            Assert.Equal(ContainerServers.Version, await target.LiveVersionAsync());
            var stored = OrderIds(Path.Combine(target.DataDirectory, "trading.db"));
            Assert.Empty(report.Acknowledged.Except(stored));
            Assert.Contains(steps, s => s.StartsWith($"{Second} is healthy on 127.0.0.1:", StringComparison.Ordinal) && s.EndsWith($"new connections on 127.0.0.1:{target.Url.Port} go to it", StringComparison.Ordinal));
            Assert.Contains(steps, s => s.StartsWith("stopped the previous app", StringComparison.Ordinal) && s.Contains(Second, StringComparison.Ordinal));
        }
        finally
        {
            await target.StopAsync(TimeSpan.FromSeconds(10));
        }

        Assert.Empty(ContainersOf(target));
    }

    [Fact]
    public async Task A_container_that_fails_its_health_check_never_takes_traffic_and_the_old_one_keeps_serving()
    {
        var first = await servers.PushedAsync(ContainerTargetTests.first ??= servers.CopyArtifact());

        // The same image, released as another version: its /version names the first, so the check on its own port fails.
        var impostor = SameImageAs(first, "2026.12.01-badbad0");
        var (target, _) = NewTarget();
        var steps = new List<string>();
        try
        {
            await PrepareAsync(target, first, steps);
            await target.ActivateAsync(ContainerServers.Version, steps.Add);
            await PrepareAsync(target, impostor, steps);

            await using var load = TradingLoad.Start(target.Url);
            await load.AcknowledgedAtLeastAsync(3);
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => target.ActivateAsync(impostor.Version, steps.Add));
            await load.AcknowledgedAtLeastAsync(load.Acknowledged.Count + 3);
            var report = await load.StopAsync();

            Assert.Contains($"{impostor.Version} was not healthy", error.Message);
            Assert.Contains($"it never took traffic and {ContainerServers.Version} keeps serving", error.Message);
            Assert.True(report.Failed == 0, report.ToString());
            Assert.Equal([ContainerServers.Version], report.VersionsSeen.Keys);
            Assert.True((await target.CheckHealthAsync(ContainerServers.Version)).Healthy);
            Assert.Single(ContainersOf(target));
        }
        finally
        {
            await target.StopAsync(TimeSpan.FromSeconds(10));
        }
    }

    [Fact]
    public async Task A_container_left_running_by_a_killed_front_door_and_client_is_stopped_and_removed_when_the_front_door_starts_again()
    {
        var first = await servers.PushedAsync(ContainerTargetTests.first ??= servers.CopyArtifact());
        var (target, root) = NewTarget();
        var files = new FrontDoorFiles(new ReleaseServer(root).Shared);
        var steps = new List<string>();
        try
        {
            await PrepareAsync(target, first, steps);
            await target.ActivateAsync(ContainerServers.Version, steps.Add);
            var orphan = Assert.Single(RunningContainersOf(target));

            Kill(files.Pid);
            Kill(files.AppPid);
            Assert.Equal([orphan], RunningContainersOf(target));
            await target.ActivateAsync(ContainerServers.Version, steps.Add);

            Assert.True((await target.CheckHealthAsync(ContainerServers.Version)).Healthy, string.Join('\n', steps));
            var running = Assert.Single(RunningContainersOf(target));
            Assert.NotEqual(orphan, running);
            Assert.Contains(steps, s => s.StartsWith($"stopped and removed container {orphan} of {target.Name}", StringComparison.Ordinal));
        }
        finally
        {
            await target.StopAsync(TimeSpan.FromSeconds(10));
        }

        Assert.Empty(ContainersOf(target));
    }

    [Fact]
    public async Task Clean_up_removes_the_images_of_the_releases_it_deletes_and_never_one_a_kept_release_names()
    {
        var first = await servers.PushedAsync(ContainerTargetTests.first ??= servers.CopyArtifact());
        var next = await servers.PushedAsync(second ??= servers.PublishArtifact(Second));
        var twin = SameImageAs(first, "2026.12.02-7e57e57");
        var (target, root) = NewTarget();
        await PrepareAsync(target, first, []);
        await PrepareAsync(target, next, []);
        await PrepareAsync(target, twin, []);

        // Live without a container: clean-up reads only which release current names.
        new ReleaseServer(root).SwitchTo(twin.Version);
        var removed = await target.CleanupAsync(new HashSet<string>(StringComparer.Ordinal) { Second });

        Assert.Equal([ContainerServers.Version], removed);
        Assert.True(InEngine(PushResult.Read(first)!.Reference), "the live release names the removed release's image");
        Assert.True(InEngine(PushResult.Read(next)!.Reference));

        removed = await target.CleanupAsync(new HashSet<string>(StringComparer.Ordinal) { twin.Version });

        Assert.Equal([Second], removed);
        Assert.False(InEngine(PushResult.Read(next)!.Reference));
        Assert.True(InEngine(PushResult.Read(first)!.Reference));
        Assert.Equal([twin.Version], await target.KeptVersionsAsync());
    }

    [Fact]
    public async Task Prepare_refuses_an_artifact_whose_image_was_never_pushed_and_changes_nothing()
    {
        var unpushed = servers.CopyArtifact();
        var (target, root) = NewTarget();

        var error = await Assert.ThrowsAsync<ContainerException>(() => PrepareAsync(target, unpushed, []));

        Assert.Contains("no image of 2026.11.30-c0ffee1 was pushed", error.Message);
        Assert.Contains("--target=Image", error.Message);
        Assert.Empty(await target.KeptVersionsAsync());
        Assert.False(Directory.Exists(Path.Combine(root, "releases")));
    }

    private static Task PrepareAsync(ContainerTarget target, ArtifactLayout artifact, List<string> steps) =>
        target.PrepareAsync(artifact, FileDigest.Sha256(artifact.ArchivePath), steps.Add);

    private static List<string> PullLines(List<string> steps) => [.. steps.Where(s => s.StartsWith("pulled ", StringComparison.Ordinal))];

    private static HashSet<long> OrderIds(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM orders";
        using var reader = command.ExecuteReader();
        var ids = new HashSet<long>();
        while (reader.Read())
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    // A target of its own: a directory with the migrated database and the artifact's own settings, a free port for its front door.
    private (ContainerTarget Target, string Root) NewTarget()
    {
        var root = Path.Combine(servers.Scratch, $"target-{Guid.NewGuid():N}");
        var server = new ReleaseServer(root);
        Directory.CreateDirectory(server.Shared);
        Directory.Move(servers.MigratedDataDirectory(), server.DataDirectory);
        var unpacked = Path.Combine(servers.Scratch, $"settings-{Guid.NewGuid():N}");
        DeterministicArchive.Extract(servers.Artifact.ArchivePath, unpacked);
        Directory.CreateDirectory(Path.GetDirectoryName(server.SettingsFile)!);
        File.Copy(Path.Combine(unpacked, AppDefinition.TradingApp.SettingsFile), server.SettingsFile);
        Directory.Delete(unpacked, recursive: true);

        var port = FreePort.Next();
        var url = $"http://127.0.0.1:{port}/";
        var checks = Health;
        var endpoint = new AppEndpoint(new ServerSettings { Host = "127.0.0.1", Port = port, BaseUrl = url }, checks, Http);
        var instance = new ContainerInstance($"t{Guid.NewGuid():N}"[..9], servers.Engine.Socket, server.SettingsFile, server.DataDirectory, BaseImageRecipe.Default.AppUserId);
        return (new ContainerTarget(instance.Target, server, instance, endpoint, checks, ContainerServers.Tools, () => new Dictionary<string, string>()), root);
    }

    /// <summary>An artifact of another version whose pushed image is <paramref name="artifact"/>'s, byte for byte.</summary>
    private ArtifactLayout SameImageAs(ArtifactLayout artifact, string version)
    {
        var copy = new ArtifactLayout(Path.Combine(servers.Scratch, $"artifacts-{Guid.NewGuid():N}"), version);
        Directory.CreateDirectory(Path.Combine(copy.Directory, "image"));
        File.Copy(artifact.ArchivePath, copy.ArchivePath);
        File.Copy(artifact.ManifestPath, copy.ManifestPath);
        (PushResult.Read(artifact)! with { Tag = copy.Version }).Save(copy);
        return copy;
    }

    private bool InEngine(string image) => Docker("image", "inspect", "--format={{.Id}}", image).ExitCode == 0;

    /// <summary>SIGKILL, as the machine's out-of-memory killer or an operator's kill -9 would.</summary>
    private static void Kill(string pidFile)
    {
        using var process = System.Diagnostics.Process.GetProcessById(int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture));
        process.Kill();
        process.WaitForExit(10_000);
    }

    private List<string> RunningContainersOf(ContainerTarget target) =>
        [.. Docker("ps", "--quiet", "--filter", $"label=io.pipeline.target={target.Name}").Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)];

    private List<string> ContainersOf(ContainerTarget target) =>
        [.. Docker("ps", "--all", "--quiet", "--filter", $"label=io.pipeline.target={target.Name}").Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)];

    private (int ExitCode, string Output) Docker(params string[] arguments)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("docker", arguments)
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
            Environment = { [DockerSettings.HostVariable] = servers.Engine.Host },
        })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }

    private static HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };
}
