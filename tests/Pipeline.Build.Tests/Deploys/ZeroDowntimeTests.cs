using Microsoft.Data.Sqlite;
using Pipeline.Core.Deployment;
using Pipeline.Core.Processes;
using Pipeline.Testing;

namespace Pipeline.Build.Tests.Deploys;

/// <summary>
/// Deploys and rollbacks through the real graph while a trading desk's load runs against the front door: nothing is
/// refused, nothing fails, every acknowledged order is in the database, and a release that is not healthy never
/// answers a request.
/// </summary>
[Collection(DeployTestGroup.Name)]
public sealed class ZeroDowntimeTests(ReleaseArtifacts artifacts) : IDisposable
{
    private readonly DeployWorkspace workspace = new();

    [Fact]
    public async Task Five_deploys_and_five_rollbacks_under_load_refuse_no_connection_fail_no_request_and_keep_every_acknowledged_order()
    {
        artifacts.Install(workspace.Root, ReleaseArtifacts.V1);
        artifacts.Install(workspace.Root, ReleaseArtifacts.V2);
        Assert.Equal(0, workspace.Deploy(ReleaseArtifacts.V1));

        LoadReport report;
        await using (var load = TradingLoad.Start(workspace.Url))
        {
            for (var round = 0; round < 5; round++)
            {
                workspace.Build.Succeeds("--target=Deploy", "--exclusive", "--env=development", $"--app-version={ReleaseArtifacts.V2}");
                Assert.Equal(ReleaseArtifacts.V2, await workspace.LiveVersionAsync());
                workspace.Build.Succeeds("--target=Rollback", "--env=development", "--component=application");
                Assert.Equal(ReleaseArtifacts.V1, await workspace.LiveVersionAsync());
            }

            report = await load.StopAsync();
        }

        Assert.True(report.Failed == 0, report.ToString());
        Assert.True(report.Acknowledged.Count > 0, report.ToString());
        Assert.Empty(report.Acknowledged.Except(OrderIdsInDatabase()));
        Assert.Equal([ReleaseArtifacts.V1, ReleaseArtifacts.V2], report.VersionsSeen.Keys.Order());
    }

    [Fact]
    public async Task A_release_that_fails_its_health_check_answers_no_request_while_the_old_one_serves_throughout()
    {
        // It starts and answers, but as another version than the one deployed: the health check must catch it.
        const string Impostor = "2026.11.24-fffffff";
        artifacts.Install(workspace.Root, ReleaseArtifacts.V1);
        artifacts.InstallChanged(workspace.Root, Impostor, ReleaseArtifacts.V2, _ => { });
        Assert.Equal(0, workspace.Deploy(ReleaseArtifacts.V1));

        LoadReport report;
        int exitCode;
        await using (var load = TradingLoad.Start(workspace.Url))
        {
            exitCode = workspace.Deploy(Impostor);
            report = await load.StopAsync();
        }

        Assert.NotEqual(0, exitCode);
        Assert.Contains($"{Impostor} was not healthy", workspace.Build.Console.Output);
        Assert.Contains("it never took traffic", workspace.Build.Console.Output);
        Assert.True(report.Failed == 0, report.ToString());
        Assert.Equal([ReleaseArtifacts.V1], report.VersionsSeen.Keys);
        Assert.Empty(report.Acknowledged.Except(OrderIdsInDatabase()));
        Assert.Equal(ReleaseArtifacts.V1, await workspace.LiveVersionAsync());
        Assert.Equal(DeploymentStatus.RolledBack, new DeploymentHistory(workspace.Store).All()[^1].Status);
    }

    [Fact]
    public async Task An_app_killed_with_SIGKILL_is_restarted_by_the_front_door_and_requests_meanwhile_wait_instead_of_being_refused()
    {
        artifacts.Install(workspace.Root, ReleaseArtifacts.V1);
        Assert.Equal(0, workspace.Deploy(ReleaseArtifacts.V1));
        var supervisor = new AppSupervisor(workspace.Server);
        var killed = supervisor.RunningProcess()!.Value;

        LoadReport report;
        await using (var load = TradingLoad.Start(workspace.Url))
        {
            await Task.Delay(500);
            ProcessLauncher.Instance.Signal(killed, UnixSignal.Kill);
            Assert.Equal(0, workspace.Build.Run("--target=Status", "--env=development"));
            var right = workspace.Build.Console.Output;
            Assert.True(right.Contains("down: no app process is running", StringComparison.Ordinal) || right.Contains("1 restart(s)", StringComparison.Ordinal), right);
            Assert.True(await RestartedAsync(supervisor, killed), "the front door did not restart the app within 60 s");
            await Task.Delay(500);
            report = await load.StopAsync();
        }

        // Requests the killed process was answering die with it (at most one a client); none is refused or times out.
        Assert.True(report is { Refused: 0, Timeouts: 0, ServerErrors: 0, OtherFailures: <= 3 }, report.ToString());
        Assert.Empty(report.Acknowledged.Except(OrderIdsInDatabase()));
        Assert.Equal(0, workspace.Build.Run("--target=Status", "--env=development"));
        Assert.Contains("healthy", workspace.Build.Console.Output);
        Assert.Contains("1 restart(s) after the app died", workspace.Build.Console.Output);
        Assert.Equal(ReleaseArtifacts.V1, await workspace.LiveVersionAsync());
    }

    [Fact]
    public async Task Status_says_the_target_is_down_when_its_front_door_is_gone_and_the_next_deploy_brings_it_back_without_restarting_the_app()
    {
        artifacts.Install(workspace.Root, ReleaseArtifacts.V1);
        artifacts.Install(workspace.Root, ReleaseArtifacts.V2);
        Assert.Equal(0, workspace.Deploy(ReleaseArtifacts.V1));
        var supervisor = new AppSupervisor(workspace.Server);
        var app = supervisor.RunningProcess()!.Value;

        ProcessLauncher.Instance.Signal(supervisor.FrontDoorProcess()!.Value, UnixSignal.Kill);
        await WaitAsync(() => supervisor.FrontDoorProcess() is null);

        Assert.Equal(0, workspace.Build.Run("--target=Status", "--env=development"));
        Assert.Contains("down: the front door is not running", workspace.Build.Console.Output);
        Assert.Null(await workspace.LiveVersionAsync());

        Assert.Equal(0, workspace.Deploy(ReleaseArtifacts.V2));
        Assert.Contains($"process {app}", File.ReadAllText(Path.Combine(workspace.Server.Shared, "logs", "frontdoor.log")));
        Assert.Equal(ReleaseArtifacts.V2, await workspace.LiveVersionAsync());
    }

    [Fact]
    public async Task The_app_gets_only_the_environment_it_needs()
    {
        Environment.SetEnvironmentVariable("PIPELINE_TEST_SECRET", "not-for-the-app");
        try
        {
            artifacts.Install(workspace.Root, ReleaseArtifacts.V1);
            Assert.Equal(0, workspace.Deploy(ReleaseArtifacts.V1));
        }
        finally
        {
            Environment.SetEnvironmentVariable("PIPELINE_TEST_SECRET", null);
        }

        var pid = new AppSupervisor(workspace.Server).RunningProcess()!.Value;
        var names = File.ReadAllText($"/proc/{pid}/environ").Split('\0', StringSplitOptions.RemoveEmptyEntries).Select(v => v[..v.IndexOf('=', StringComparison.Ordinal)]).Order().ToList();
        Assert.DoesNotContain("PIPELINE_TEST_SECRET", names);
        // PWD is the shell's own, set as it starts the app in the release directory.
        Assert.Subset(new HashSet<string>(["PATH", "HOME", "DOTNET_ROOT", "DOTNET_NOLOGO", "TRADING_DATA_DIR", "PWD"]), names.ToHashSet());
        Assert.Contains("TRADING_DATA_DIR", names);
        Assert.Equal(ReleaseArtifacts.V1, await workspace.LiveVersionAsync());
    }

    public void Dispose() => workspace.Dispose();

    private static async Task<bool> RestartedAsync(AppSupervisor supervisor, int killed)
    {
        for (var attempt = 0; attempt < 120; attempt++)
        {
            if (supervisor.RunningProcess() is { } pid && pid != killed && supervisor.State()?.App == Core.FrontDoor.AppStates.Serving)
            {
                return true;
            }

            await Task.Delay(500);
        }

        return false;
    }

    private static async Task WaitAsync(Func<bool> condition)
    {
        for (var attempt = 0; attempt < 100 && !condition(); attempt++)
        {
            await Task.Delay(100);
        }
    }

    private HashSet<long> OrderIdsInDatabase()
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = workspace.Database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
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
}
