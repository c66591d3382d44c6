using System.Diagnostics;
using Pipeline.Core.Backups;
using Pipeline.Core.Deployment;
using Pipeline.Testing;

namespace Pipeline.Build.Tests.Deploys;

/// <summary>The pipeline process is killed with SIGKILL while it deploys; what is left must be whole, and the next deploy must succeed.</summary>
[Collection(DeployTestGroup.Name)]
public sealed class KilledDeployTests(ReleaseArtifacts artifacts) : IDisposable
{
    private readonly DeployWorkspace workspace = new();

    [Theory]
    [InlineData("unpacked")]
    [InlineData("backed up the database")]
    [InlineData("migration 0003_add_order_notes: applied")]
    [InlineData("switched")]
    [InlineData("started the app")]
    [InlineData("stopped the previous app")]
    public async Task A_deploy_killed_at_a_step_leaves_current_on_a_complete_release_that_serves_and_the_next_deploy_succeeds(string step)
    {
        artifacts.Install(workspace.Root, ReleaseArtifacts.V1);
        artifacts.Install(workspace.Root, ReleaseArtifacts.V3);
        Assert.Equal(0, workspace.Deploy(ReleaseArtifacts.V1));
        var order = await workspace.PlaceOrderAsync("AAPL", 7, 188m);

        var killedAfter = KillDeployAt(step, ReleaseArtifacts.V3);

        var current = workspace.Server.CurrentVersion();
        Assert.True(current is ReleaseArtifacts.V1 or ReleaseArtifacts.V3, $"current is {current}");
        Assert.True(File.Exists(Path.Combine(workspace.Server.ReleasePath(current!), "Trading.App.dll")), $"release {current} is incomplete");
        Assert.True(await ServesAsync(), $"nothing serves after a kill at \"{killedAfter}\"");

        Assert.Equal(0, workspace.Deploy(ReleaseArtifacts.V3, "--break-lock"));
        Assert.Equal(ReleaseArtifacts.V3, await workspace.LiveVersionAsync());
        Assert.Contains(order, await workspace.OrderIdsAsync());
        Assert.Equal(3, SqliteSnapshot.SchemaVersion(workspace.Database));
    }

    [Fact]
    public async Task After_a_kill_at_the_switch_a_failing_deploy_puts_back_the_release_that_last_served_not_the_one_current_names()
    {
        const string NeverServed = "2026.11.23-dead001";
        const string Failing = "2026.11.23-dead002";
        artifacts.Install(workspace.Root, ReleaseArtifacts.V1);
        artifacts.InstallBroken(workspace.Root, NeverServed, withMigration: false);
        artifacts.InstallBroken(workspace.Root, Failing, withMigration: false);
        Assert.Equal(0, workspace.Deploy(ReleaseArtifacts.V1));
        var order = await workspace.PlaceOrderAsync("MSFT", 3, 410m);

        KillDeployAt("switched", NeverServed);
        Assert.Equal(NeverServed, workspace.Server.CurrentVersion());

        Assert.NotEqual(0, workspace.Deploy(Failing, "--break-lock"));

        Assert.Equal(ReleaseArtifacts.V1, await workspace.LiveVersionAsync());
        Assert.Equal(ReleaseArtifacts.V1, workspace.Server.CurrentVersion());
        Assert.Contains(order, await workspace.OrderIdsAsync());
        var records = new DeploymentHistory(workspace.Store).All();
        Assert.Equal(DeploymentStatus.Interrupted, records.Single(r => r.ToVersion == NeverServed).Status);
        Assert.Equal(DeploymentStatus.RolledBack, records.Single(r => r.ToVersion == Failing).Status);
    }

    [Fact]
    public async Task A_pipeline_killed_mid_switch_under_load_leaves_the_front_door_serving_and_refuses_nothing()
    {
        artifacts.Install(workspace.Root, ReleaseArtifacts.V1);
        artifacts.Install(workspace.Root, ReleaseArtifacts.V2);
        Assert.Equal(0, workspace.Deploy(ReleaseArtifacts.V1));

        LoadReport report;
        await using (var load = TradingLoad.Start(workspace.Url))
        {
            KillDeployAt("switched", ReleaseArtifacts.V2);
            await Task.Delay(TimeSpan.FromSeconds(3));
            report = await load.StopAsync();
        }

        // The front door may have received the request before the kill landed: either version, never nothing.
        Assert.True(report.Failed == 0, report.ToString());
        Assert.Contains(await workspace.LiveVersionAsync(), new[] { ReleaseArtifacts.V1, ReleaseArtifacts.V2 });
        Assert.Equal(0, workspace.Deploy(ReleaseArtifacts.V2, "--break-lock"));
        Assert.Equal(ReleaseArtifacts.V2, await workspace.LiveVersionAsync());
    }

    [Fact]
    public async Task SIGTERM_during_a_deploy_finishes_the_step_undoes_the_deploy_and_releases_the_lock()
    {
        artifacts.Install(workspace.Root, ReleaseArtifacts.V1);
        artifacts.Install(workspace.Root, ReleaseArtifacts.V2);
        Assert.Equal(0, workspace.Deploy(ReleaseArtifacts.V1));

        // At the first step's heading: signalled later, a busy machine could let the deploy end before SIGTERM lands.
        var (exitCode, output) = SignalDeployAt("step 1/", ReleaseArtifacts.V2);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("interrupted", output);
        Assert.Null(workspace.Store.Read("locks/deploy.json"));
        var record = new DeploymentHistory(workspace.Store).All()[^1];
        Assert.Equal((ReleaseArtifacts.V2, DeploymentStatus.Failed), (record.ToVersion, record.Status));
        Assert.Contains("interrupted", record.Reason);
        Assert.Equal(ReleaseArtifacts.V1, await workspace.LiveVersionAsync());
        Assert.Equal(0, workspace.Deploy(ReleaseArtifacts.V2));
    }

    private (int ExitCode, string Output) SignalDeployAt(string step, string version)
    {
        using var pipeline = StartDeploy(version);
        var output = new System.Text.StringBuilder();
        pipeline.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        pipeline.BeginErrorReadLine();
        string? line;
        var signalled = false;
        while ((line = pipeline.StandardOutput.ReadLine()) is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }

            if (!signalled && line.Contains($"deploy: {step}", StringComparison.Ordinal))
            {
                Core.Processes.ProcessLauncher.Instance.Signal(pipeline.Id, Core.Processes.UnixSignal.Terminate);
                signalled = true;
            }
        }

        Assert.True(pipeline.WaitForExit(TimeSpan.FromSeconds(60)), "the pipeline did not end after SIGTERM");
        Assert.True(signalled, $"the deploy never reached \"{step}\"");
        lock (output)
        {
            return (pipeline.ExitCode, output.ToString());
        }
    }

    private Process StartDeploy(string version)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "Build.dll"), "--target=Deploy", "--exclusive", "--env=development", $"--app-version={version}", "--working", workspace.Root })
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start)!;
    }

    private string KillDeployAt(string step, string version)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "Build.dll"), "--target=Deploy", "--exclusive", "--env=development", $"--app-version={version}", "--working", workspace.Root })
        {
            start.ArgumentList.Add(argument);
        }

        using var pipeline = Process.Start(start)!;
        pipeline.ErrorDataReceived += (_, _) => { };
        pipeline.BeginErrorReadLine();
        string? line;
        while ((line = pipeline.StandardOutput.ReadLine()) is not null)
        {
            if (line.Contains($"deploy: {step}", StringComparison.Ordinal))
            {
                pipeline.Kill();
                pipeline.WaitForExit();
                return line;
            }
        }

        pipeline.WaitForExit();
        throw new InvalidOperationException($"the deploy ended (exit {pipeline.ExitCode}) without reaching \"{step}\"");
    }

    private async Task<bool> ServesAsync()
    {
        for (var attempt = 0; attempt < 40; attempt++)
        {
            if (await workspace.LiveVersionAsync() is not null)
            {
                return true;
            }

            await Task.Delay(500);
        }

        return false;
    }

    public void Dispose() => workspace.Dispose();
}
