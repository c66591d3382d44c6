using System.Text.Json.Nodes;
using Pipeline.Build.Tests.Deploys;
using Pipeline.Core.Artifacts;
using Pipeline.Core.Deployment;
using Pipeline.Core.Tests.Support;

namespace Pipeline.Build.Tests.Ssh;

/// <summary>
/// Deploys to three hosts over SSH through the real build host: each host a real sshd on its own loopback address,
/// running the real app on its own address, all sharing a PostgreSQL database on a real server.
/// </summary>
[Collection(DeployTestGroup.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SshFleetDeployTests : IClassFixture<PostgresServer>, IAsyncLifetime, IDisposable
{
    private const string ConnectionVariable = "TRADING_TEST_PG_FLEET";
    private readonly ReleaseArtifacts artifacts;
    private readonly PostgresServer postgres;
    private readonly SshFleet fleet = new(3);
    private readonly DeployWorkspace workspace;

    public SshFleetDeployTests(ReleaseArtifacts artifacts, PostgresServer postgres)
    {
        this.artifacts = artifacts;
        this.postgres = postgres;
        workspace = new DeployWorkspace("staging", config =>
        {
            config["database"] = new JsonObject { ["engine"] = "postgresql", ["connectionString"] = $"env:{ConnectionVariable}" };
            config["deployment"]!["targets"] = fleet.Targets();
            config["deployment"]!["strategy"] = new JsonObject { ["kind"] = "rolling", ["batchSize"] = 1 };
            config["deployment"]!["healthCheck"] = new JsonObject { ["path"] = "/health", ["retries"] = 30, ["intervalSeconds"] = 1, ["timeoutSeconds"] = 10 };
        });
        foreach (var version in new[] { ReleaseArtifacts.V1, ReleaseArtifacts.V2 })
        {
            artifacts.Install(workspace.Root, version);
        }
    }

    public async Task InitializeAsync()
    {
        var database = await postgres.CreateDatabaseAsync();
        Environment.SetEnvironmentVariable(ConnectionVariable, database.ToConnectionString(pooling: false));
    }

    [Fact]
    public async Task A_first_deploy_serves_the_version_on_every_host_and_a_redeploy_of_the_same_digest_sends_nothing()
    {
        Deploys(ReleaseArtifacts.V1);

        Assert.All(await fleet.ServedVersionsAsync(), v => Assert.Equal(ReleaseArtifacts.V1, v));
        Assert.All(fleet.Hosts, h => Assert.Equal(ReleaseArtifacts.V1, h.Server.CurrentVersion()));
        Assert.All(fleet.Hosts, h => Assert.True(File.Exists(Path.Combine(h.Server.ReleasePath(ReleaseArtifacts.V1), "Trading.App.dll"))));
        Assert.Equal(3, Count(workspace.Build.Console.Output, $"sent trading-app-{ReleaseArtifacts.V1}.tar.gz"));

        Deploys(ReleaseArtifacts.V1);

        Assert.DoesNotContain("sent trading-app-", workspace.Build.Console.Output);
        Assert.Equal(3, Count(workspace.Build.Console.Output, "reusing it (0 bytes sent)"));
        Assert.All(await fleet.ServedVersionsAsync(), v => Assert.Equal(ReleaseArtifacts.V1, v));

        fleet.Hosts[2].StopSshd();
        workspace.Build.Succeeds("--target=Status", "--env=staging");
        var status = workspace.Build.Console.Output;
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(status, $"{ReleaseArtifacts.V1} +healthy +{ReleaseArtifacts.V1}"));
        Assert.Contains("step \"probe\": unreachable", status);
    }

    [Fact]
    public async Task A_rolling_deploy_whose_second_batch_fails_puts_the_first_back_leaves_the_rest_alone_and_records_every_host()
    {
        Deploys(ReleaseArtifacts.V1);
        var untouchedPid = File.ReadAllText(Path.Combine(fleet.Hosts[2].Server.Shared, "app.pid")).Trim();
        PlantBrokenRelease(fleet.Hosts[1], ReleaseArtifacts.V2);

        Assert.NotEqual(0, workspace.Deploy(ReleaseArtifacts.V2));

        Assert.Contains("Rolled back automatically", workspace.Build.Console.Error);
        Assert.All(await fleet.ServedVersionsAsync(), v => Assert.Equal(ReleaseArtifacts.V1, v));
        Assert.All(fleet.Hosts, h => Assert.Equal(ReleaseArtifacts.V1, h.Server.CurrentVersion()));
        Assert.Equal(untouchedPid, File.ReadAllText(Path.Combine(fleet.Hosts[2].Server.Shared, "app.pid")).Trim());
        var record = new DeploymentHistory(workspace.Store).All()[^1];
        Assert.Equal(DeploymentStatus.RolledBack, record.Status);
        Assert.Equal(
            [("app-11", "healthy"), ("app-12", "unhealthy"), ("app-13", "untouched")],
            record.Targets.Select(t => (t.Target, t.Status)).ToList());
        Assert.Contains("put back on " + ReleaseArtifacts.V1, record.Targets[0].Detail);
    }

    [Fact]
    public async Task A_host_unreachable_before_the_start_stops_the_deploy_before_anything_is_sent_to_any_host()
    {
        Deploys(ReleaseArtifacts.V1);
        var down = fleet.Hosts[2];
        down.StopSshd();

        Assert.NotEqual(0, workspace.Deploy(ReleaseArtifacts.V2));

        var error = workspace.Build.Console.Error;
        Assert.Contains($"target app-13 (ssh {Environment.UserName}@{down.Address}:{down.SshPort}), step \"connect\": unreachable", error);
        Assert.True(error.Contains("nothing was sent to any target", StringComparison.Ordinal), error);
        Assert.True(error.Contains("was not touched", StringComparison.Ordinal), error);
        Assert.DoesNotContain("step 3/", workspace.Build.Console.Output);
        Assert.All(fleet.Hosts, NothingOf(ReleaseArtifacts.V2));
        Assert.All(await fleet.ServedVersionsAsync(), v => Assert.Equal(ReleaseArtifacts.V1, v));
        Assert.All(fleet.Hosts, h => Assert.Equal(ReleaseArtifacts.V1, h.Server.CurrentVersion()));
        Assert.Equal(["untouched", "untouched", "untouched"], new DeploymentHistory(workspace.Store).All()[^1].Targets.Select(t => t.Status));
    }

    [Fact]
    public async Task A_changed_host_key_is_refused_showing_both_fingerprints_and_nothing_changes()
    {
        Deploys(ReleaseArtifacts.V1);
        var impostor = fleet.Hosts[1];
        var pinned = impostor.HostFingerprint;
        impostor.StopSshd();
        impostor.NewHostKey();
        impostor.Start();

        Assert.NotEqual(0, workspace.Deploy(ReleaseArtifacts.V2));

        var error = workspace.Build.Console.Error;
        Assert.Contains("host key mismatch", error);
        Assert.Contains(pinned, error);
        Assert.Contains(impostor.HostFingerprint, error);
        Assert.Contains("step \"connect\"", error);
        Assert.All(fleet.Hosts, NothingOf(ReleaseArtifacts.V2));
        Assert.All(await fleet.ServedVersionsAsync(), v => Assert.Equal(ReleaseArtifacts.V1, v));
    }

    [Fact]
    public async Task A_host_whose_target_path_is_not_writable_stops_the_deploy_before_anything_is_sent_to_any_host()
    {
        Deploys(ReleaseArtifacts.V1);
        var locked = fleet.Hosts[1];

        using (HostFileSystem.Unwritable(locked.Root))
        {
            Assert.NotEqual(0, workspace.Deploy(ReleaseArtifacts.V2));
        }

        var error = workspace.Build.Console.Error;
        Assert.Contains($"target app-12 (ssh {Environment.UserName}@{locked.Address}:{locked.SshPort}), step \"check the target path\": permission denied", error);
        Assert.Contains($"{locked.Root} is not writable by {Environment.UserName}", error);
        Assert.True(error.Contains("nothing was sent to any target", StringComparison.Ordinal), error);
        Assert.All(fleet.Hosts, NothingOf(ReleaseArtifacts.V2));
        Assert.All(await fleet.ServedVersionsAsync(), v => Assert.Equal(ReleaseArtifacts.V1, v));
        Assert.All(fleet.Hosts, h => Assert.Equal(ReleaseArtifacts.V1, h.Server.CurrentVersion()));
        Assert.Equal(["untouched", "untouched", "untouched"], new DeploymentHistory(workspace.Store).All()[^1].Targets.Select(t => t.Status));
    }

    [Fact]
    public async Task A_host_without_room_for_the_release_stops_the_first_deploy_before_anything_is_written_to_any_host()
    {
        var full = fleet.Hosts[2];

        using (HostFileSystem.Small(full.Root, kibibytes: 1024))
        {
            Assert.NotEqual(0, workspace.Deploy(ReleaseArtifacts.V1));
            Assert.Empty(Directory.EnumerateFileSystemEntries(full.Root));
        }

        var error = workspace.Build.Console.Error;
        Assert.Contains($"target app-13 (ssh {Environment.UserName}@{full.Address}:{full.SshPort}), step \"check free disk\": disk full: 1,048,576 bytes free under {full.Root}, the release needs", error);
        Assert.True(error.Contains("nothing was sent to any target", StringComparison.Ordinal), error);
        Assert.All(fleet.Hosts, h => Assert.False(Directory.Exists(Path.Combine(h.Root, "releases")) || File.Exists(Path.Combine(h.Root, "current")), $"{h.Address} was written to"));
        Assert.All(await fleet.ServedVersionsAsync(), Assert.Null);
    }

    [Fact]
    public async Task A_deploy_refuses_to_start_when_a_host_drifted_from_the_history_and_converges_every_host_when_told_to()
    {
        Deploys(ReleaseArtifacts.V1);
        Deploys(ReleaseArtifacts.V2);
        var drifted = fleet.Hosts[1];
        SwitchByHand(drifted, ReleaseArtifacts.V1);

        Assert.NotEqual(0, workspace.Deploy(ReleaseArtifacts.V2, "--drift=ignore"));
        Assert.Contains("--drift: \"ignore\" is not a way to treat drift; expected refuse", workspace.Build.Console.Error);
        Assert.NotEqual(0, workspace.Deploy(ReleaseArtifacts.V2));

        var error = workspace.Build.Console.Error;
        Assert.Contains($"drift: app-12 has {ReleaseArtifacts.V1} and serves {ReleaseArtifacts.V2}; the history says {ReleaseArtifacts.V2}. Nothing was changed.", error);
        Assert.Contains("--drift=converge", error);
        Assert.Equal(ReleaseArtifacts.V1, drifted.Server.CurrentVersion());
        Assert.Equal(["untouched", "untouched", "untouched"], new DeploymentHistory(workspace.Store).All()[^1].Targets.Select(t => t.Status));

        Deploys(ReleaseArtifacts.V2, "--drift=converge");

        Assert.Contains($"drift (--drift=converge): app-12 has {ReleaseArtifacts.V1}", workspace.Build.Console.Output);
        Assert.All(fleet.Hosts, h => Assert.Equal(ReleaseArtifacts.V2, h.Server.CurrentVersion()));
        Assert.All(await fleet.ServedVersionsAsync(), v => Assert.Equal(ReleaseArtifacts.V2, v));
    }

    [Fact]
    public async Task An_application_rollback_moves_every_host_back_without_sending_the_release_again()
    {
        Deploys(ReleaseArtifacts.V1);
        Deploys(ReleaseArtifacts.V2);
        Assert.All(await fleet.ServedVersionsAsync(), v => Assert.Equal(ReleaseArtifacts.V2, v));

        workspace.Build.Succeeds("--target=Rollback", "--env=staging", "--component=application");

        Assert.DoesNotContain("sent trading-app-", workspace.Build.Console.Output);
        Assert.All(await fleet.ServedVersionsAsync(), v => Assert.Equal(ReleaseArtifacts.V1, v));
        Assert.All(fleet.Hosts, h => Assert.Equal(ReleaseArtifacts.V1, h.Server.CurrentVersion()));
    }

    [Fact]
    public async Task A_pipeline_killed_while_batches_switch_leaves_every_host_serving_a_whole_version_and_the_next_run_converges()
    {
        Deploys(ReleaseArtifacts.V1);

        KillDeployAt($"cut-over [{SshFleet.TargetName(fleet.Hosts[1])}]", ReleaseArtifacts.V2);

        foreach (var host in fleet.Hosts)
        {
            var served = await SettledVersionAsync(host);
            Assert.True(served is ReleaseArtifacts.V1 or ReleaseArtifacts.V2, $"{host.Address} serves {served ?? "nothing"}");
            var current = host.Server.CurrentVersion();
            Assert.True(current is ReleaseArtifacts.V1 or ReleaseArtifacts.V2, $"{host.Address}: current is {current}");
            Assert.True(File.Exists(Path.Combine(host.Server.ReleasePath(current!), "Trading.App.dll")), $"{host.Address}: release {current} is incomplete");
        }

        Assert.Equal(ReleaseArtifacts.V2, await fleet.ServedVersionAsync(fleet.Hosts[0]));
        Assert.Equal(ReleaseArtifacts.V1, await fleet.ServedVersionAsync(fleet.Hosts[2]));

        Deploys(ReleaseArtifacts.V2, "--break-lock");

        var output = workspace.Build.Console.Output;
        Assert.Contains("drift left by the interrupted run", output);
        Assert.All(await fleet.ServedVersionsAsync(), v => Assert.Equal(ReleaseArtifacts.V2, v));
        Assert.All(fleet.Hosts, h => Assert.Equal(ReleaseArtifacts.V2, h.Server.CurrentVersion()));
        var records = new DeploymentHistory(workspace.Store).All();
        Assert.Equal([DeploymentStatus.Succeeded, DeploymentStatus.Interrupted, DeploymentStatus.Succeeded], records.Select(r => r.Status));
    }

    [Fact]
    public async Task Leftovers_of_an_interrupted_upload_are_removed_never_unpacked_and_the_archive_is_sent_again_whole()
    {
        Deploys(ReleaseArtifacts.V1);
        var host = fleet.Hosts[0];
        var releases = Path.GetDirectoryName(host.Server.ReleasePath(ReleaseArtifacts.V2))!;
        var archive = File.ReadAllBytes(new ArtifactLayout(Path.Combine(workspace.Root, "artifacts"), ReleaseArtifacts.V2).ArchivePath);
        File.WriteAllBytes(Path.Combine(releases, $".partial-{ReleaseArtifacts.V2}.tar.gz"), archive[..(archive.Length / 2)]);
        Directory.CreateDirectory(Path.Combine(releases, $".partial-{ReleaseArtifacts.V2}"));
        var outside = FilesOutsideTheTarget(host);

        Deploys(ReleaseArtifacts.V2);

        var output = workspace.Build.Console.Output;
        Assert.Contains($"removed {releases}/.partial-{ReleaseArtifacts.V2}.tar.gz on app-11, left by an interrupted run", output);
        Assert.Contains($"sent trading-app-{ReleaseArtifacts.V2}.tar.gz to app-11 ({archive.Length:N0} bytes)", output);
        Assert.Empty(Directory.EnumerateFileSystemEntries(releases, ".partial-*"));
        Assert.Equal(System.Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(archive)), File.ReadAllText(Path.Combine(host.Server.ReleasePath(ReleaseArtifacts.V2), ".archive-sha256")));
        Assert.Equal(ReleaseArtifacts.V2, await fleet.ServedVersionAsync(host));
        Assert.Equal(outside, FilesOutsideTheTarget(host));
    }

    [Fact]
    public void Clean_up_on_each_host_keeps_the_last_good_releases_and_that_hosts_live_one_even_when_it_was_put_there_by_hand()
    {
        artifacts.Install(workspace.Root, ReleaseArtifacts.V3);
        Deploys(ReleaseArtifacts.V1);
        Deploys(ReleaseArtifacts.V2);
        Deploys(ReleaseArtifacts.V3);
        Assert.All(fleet.Hosts, h => Assert.Equal([ReleaseArtifacts.V2, ReleaseArtifacts.V3], Kept(h)));

        const string Hotfix = "2026.11.19-hotfix1";
        const string Stale = "2026.11.18-stale01";
        var host = fleet.Hosts[1];
        foreach (var version in new[] { Hotfix, Stale })
        {
            Directory.CreateDirectory(host.Server.ReleasePath(version));
            File.Copy(Path.Combine(host.Server.ReleasePath(ReleaseArtifacts.V3), "Trading.App.dll"), Path.Combine(host.Server.ReleasePath(version), "Trading.App.dll"));
        }

        SwitchByHand(host, Hotfix);

        Assert.NotEqual(0, workspace.Deploy(ReleaseArtifacts.V3));

        Assert.Contains($"drift: app-12 has {Hotfix}", workspace.Build.Console.Error);
        Assert.Contains($"removed release {Stale} from app-12", workspace.Build.Console.Output);
        Assert.Equal([Hotfix, ReleaseArtifacts.V2, ReleaseArtifacts.V3], Kept(host));
        Assert.Equal(Hotfix, host.Server.CurrentVersion());
        Assert.All(fleet.Hosts.Except([host]), h => Assert.Equal([ReleaseArtifacts.V2, ReleaseArtifacts.V3], Kept(h)));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        fleet.Dispose();
        Environment.SetEnvironmentVariable(ConnectionVariable, null);
        workspace.Dispose();
    }

    // Neither the release nor a partial upload of it on the host.
    private static Action<SshTestHost> NothingOf(string version) => host =>
    {
        Assert.False(Directory.Exists(host.Server.ReleasePath(version)), $"{host.Address} has releases/{version}");
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(host.Server.ReleasePath(version))!, ".partial-*"));
    };

    private static int Count(string text, string part) => (text.Length - text.Replace(part, string.Empty, StringComparison.Ordinal).Length) / part.Length;

    private void Deploys(string version, params string[] extra) => workspace.Build.Succeeds(["--target=Deploy", "--exclusive", "--env=staging", $"--app-version={version}", .. extra]);

    private static List<string> Kept(SshTestHost host) =>
        Directory.GetDirectories(Path.GetDirectoryName(host.Server.ReleasePath("x"))!).Select(Path.GetFileName).OfType<string>().Where(n => !n.StartsWith('.')).Order(StringComparer.Ordinal).ToList();

    // Every file of the host's directory that is not under the target's path (its keys, sshd's configuration and log).
    private static List<string> FilesOutsideTheTarget(SshTestHost host)
    {
        var hostDirectory = Path.GetDirectoryName(Path.GetDirectoryName(host.Root))!;
        return Directory.EnumerateFileSystemEntries(hostDirectory, "*", SearchOption.AllDirectories)
            .Where(p => !p.StartsWith(host.Root, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
    }

    // What a host serves once a restart the killed run left in flight has finished (the new app waits for the port).
    private async Task<string?> SettledVersionAsync(SshTestHost host)
    {
        string? served = null;
        for (var attempt = 0; attempt < 60 && (served = await fleet.ServedVersionAsync(host)) is null; attempt++)
        {
            await Task.Delay(500);
        }

        return served;
    }

    // The real build host in a process of its own, killed with SIGKILL when the deploy prints a line containing step.
    private void KillDeployAt(string step, string version)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "Build.dll"), "--target=Deploy", "--exclusive", "--env=staging", $"--app-version={version}", "--working", workspace.Root })
        {
            start.ArgumentList.Add(argument);
        }

        using var pipeline = System.Diagnostics.Process.Start(start)!;
        pipeline.ErrorDataReceived += (_, _) => { };
        pipeline.BeginErrorReadLine();
        while (pipeline.StandardOutput.ReadLine() is { } line)
        {
            if (line.Contains(step, StringComparison.Ordinal))
            {
                pipeline.Kill();
                pipeline.WaitForExit();
                return;
            }
        }

        pipeline.WaitForExit();
        throw new InvalidOperationException($"the deploy ended (exit {pipeline.ExitCode}) without printing \"{step}\"");
    }

    // An operator switching one host by hand, without restarting its app.
    private static void SwitchByHand(SshTestHost host, string version)
    {
        var current = Path.Combine(host.Root, "current");
        File.Delete(current);
        File.CreateSymbolicLink(current, $"releases/{version}");
    }

    // A release already on the host from the same archive but damaged there: reused as it is, its app cannot start.
    private void PlantBrokenRelease(SshTestHost host, string version)
    {
        var artifact = new ArtifactLayout(Path.Combine(workspace.Root, "artifacts"), version);
        var release = host.Server.ReleasePath(version);
        DeterministicArchive.Extract(artifact.ArchivePath, release);
        File.WriteAllText(Path.Combine(release, "Trading.App.dll"), "not an assembly");
        File.WriteAllText(Path.Combine(release, ".archive-sha256"), FileDigest.Sha256(artifact.ArchivePath));
    }
}
