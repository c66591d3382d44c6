using System.Diagnostics;
using Pipeline.Core.Backups;

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
