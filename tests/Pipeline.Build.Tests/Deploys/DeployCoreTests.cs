using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Core.Artifacts;
using Pipeline.Core.Audit;
using Pipeline.Core.Deployment;
using Pipeline.Core.Deployment.Planning;
using Pipeline.Core.Hosting;
using Pipeline.Core.Secrets;
using Pipeline.Core.State;

namespace Pipeline.Build.Tests.Deploys;

/// <summary>
/// The deploy core through the real host: the plan --dryrun prints is the plan that runs, approval is enforced, and one
/// artifact is promoted between environments byte for byte, only once it succeeded upstream.
/// </summary>
[Collection(DeployTestGroup.Name)]
public sealed class DeployCoreTests(ReleaseArtifacts artifacts) : IDisposable
{
    private readonly List<DeployWorkspace> workspaces = [];

    [Fact]
    public void The_steps_a_deploy_runs_are_the_steps_its_dry_run_lists_in_the_same_order()
    {
        var workspace = Workspace();
        artifacts.Install(workspace.Root, ReleaseArtifacts.V1);

        Assert.Equal(0, workspace.Deploy(ReleaseArtifacts.V1, "--dryrun"));
        var planned = PlanStep.NamesIn(workspace.Build.Console.All);
        Assert.False(workspace.Server.HasRelease(ReleaseArtifacts.V1));
        Assert.Equal(0, workspace.Deploy(ReleaseArtifacts.V1));
        var executed = PlanStep.NamesIn(workspace.Build.Console.All);

        Assert.Equal(["verify-artifact", "prepare-target [local]", "back-up", "migrate", "cut-over [local]", "retain"], planned);
        Assert.Equal(planned, executed);
    }

    [Fact]
    public void The_steps_an_application_rollback_runs_are_the_steps_its_dry_run_lists()
    {
        var workspace = Workspace();
        artifacts.Install(workspace.Root, ReleaseArtifacts.V1);
        artifacts.Install(workspace.Root, ReleaseArtifacts.V2);
        Assert.Equal(0, workspace.Deploy(ReleaseArtifacts.V1));
        Assert.Equal(0, workspace.Deploy(ReleaseArtifacts.V2));

        Assert.Equal(0, workspace.Rollback("--dryrun"));
        var planned = PlanStep.NamesIn(workspace.Build.Console.All);
        Assert.Equal(0, workspace.Rollback());
        var executed = PlanStep.NamesIn(workspace.Build.Console.All);

        Assert.Equal(["verify-release [local]", "cut-over [local]"], planned);
        Assert.Equal(planned, executed);
    }

    [Fact]
    public void The_steps_a_database_rollback_runs_are_the_steps_its_dry_run_lists()
    {
        var workspace = Workspace();
        artifacts.Install(workspace.Root, ReleaseArtifacts.V1);
        artifacts.Install(workspace.Root, ReleaseArtifacts.V2);
        Assert.Equal(0, workspace.Deploy(ReleaseArtifacts.V1));
        Assert.Equal(0, workspace.Deploy(ReleaseArtifacts.V2));

        Assert.Equal(0, workspace.Rollback("--component=database", "--dryrun"));
        var planned = PlanStep.NamesIn(workspace.Build.Console.All);
        Assert.Equal(0, workspace.Rollback("--component=database"));
        var executed = PlanStep.NamesIn(workspace.Build.Console.All);

        Assert.Equal(["freeze-writes", "safety-backup", "save-reconciliation", "restore-database", "keep-ids", "lift-freeze", "check-health [local]"], planned);
        Assert.Equal(planned, executed);
    }

    [Fact]
    public void A_dry_run_before_the_artifact_exists_says_what_it_cannot_know_instead_of_failing()
    {
        var workspace = Workspace();

        Assert.Equal(0, workspace.Deploy(ReleaseArtifacts.V2, "--dryrun"));

        Assert.Contains($"No artifact of {ReleaseArtifacts.V2}", workspace.Build.Console.Output);
        Assert.Contains("cut-over [local]", workspace.Build.Console.Output);
    }

    [Fact]
    public void Without_approval_a_deploy_is_refused_before_the_lock_and_changes_nothing_and_with_it_the_approval_is_audited()
    {
        var workspace = Workspace(config => config["deployment"]!["requireApproval"] = true);
        artifacts.Install(workspace.Root, ReleaseArtifacts.V1);

        Assert.NotEqual(0, workspace.Deploy(ReleaseArtifacts.V1));
        Assert.Contains("requires an explicit approval", workspace.Build.Console.Error);
        Assert.False(workspace.Server.HasRelease(ReleaseArtifacts.V1));
        Assert.Empty(new DeploymentHistory(workspace.Store).All());
        Assert.Null(workspace.Store.Read("locks/deploy.json"));

        Assert.Equal(0, workspace.Deploy(ReleaseArtifacts.V1, "--approve=release 42"));
        var approval = Assert.Single(new AuditJournal(workspace.Store, new SecretMasker()).ReadAll(), r => r.What.Action == "approval");
        Assert.Contains("--approve", approval.What.Reason);
        Assert.Contains("release 42", approval.What.Reason);
        Assert.Equal("release 42", new DeploymentHistory(workspace.Store).All()[^1].Approval!.Reason);
    }

    [Fact]
    public void One_artifact_gives_byte_identical_releases_in_two_environments_and_is_promoted_only_after_it_succeeded_upstream()
    {
        var development = Workspace();
        var qa = AddEnvironment(development, "qa");
        var preprod = AddEnvironment(development, "preprod", config => config["deployment"]!["promoteFrom"] = "qa");
        artifacts.Install(development.Root, ReleaseArtifacts.V1);
        artifacts.Install(development.Root, ReleaseArtifacts.V2);

        Assert.Equal(0, development.Deploy(ReleaseArtifacts.V1));
        Assert.Equal(0, development.Build.Run("--target=Deploy", "--exclusive", "--env=qa", $"--app-version={ReleaseArtifacts.V1}"));
        Assert.Equal(Files(development.Server.ReleasePath(ReleaseArtifacts.V1)), Files(qa.ReleasePath(ReleaseArtifacts.V1)));

        Assert.NotEqual(0, development.Build.Run("--target=Deploy", "--exclusive", "--env=preprod", $"--app-version={ReleaseArtifacts.V2}"));
        Assert.Contains($"version {ReleaseArtifacts.V2} (artifact sha256 {FileDigest.Sha256(new ArtifactLayout(Path.Combine(development.Root, "artifacts"), ReleaseArtifacts.V2).ArchivePath)}) has no successful deploy recorded there", development.Build.Console.Error);
        Assert.False(preprod.HasRelease(ReleaseArtifacts.V2));

        Assert.Equal(0, development.Build.Run("--target=Deploy", "--exclusive", "--env=preprod", $"--app-version={ReleaseArtifacts.V1}"));
        Assert.True(preprod.HasRelease(ReleaseArtifacts.V1));
    }

    public void Dispose()
    {
        foreach (var workspace in workspaces)
        {
            foreach (var server in Directory.Exists(Path.Combine(workspace.Root, ".pipeline", "servers")) ? Directory.GetDirectories(Path.Combine(workspace.Root, ".pipeline", "servers")) : [])
            {
                new AppSupervisor(new ReleaseServer(server)).Stop(TimeSpan.FromSeconds(5));
            }

            workspace.Dispose();
        }
    }

    private DeployWorkspace Workspace(Action<JsonObject>? configure = null)
    {
        var workspace = new DeployWorkspace(configure: configure);
        workspaces.Add(workspace);
        return workspace;
    }

    // Another environment in the same checkout: its own port, state store and local target.
    private static ReleaseServer AddEnvironment(DeployWorkspace workspace, string name, Action<JsonObject>? configure = null)
    {
        var config = JsonNode.Parse(File.ReadAllText(workspace.Build.EnvironmentFile(workspace.Environment)))!.AsObject();
        var port = FreePort.Next();
        config["name"] = name;
        config["server"]!["port"] = port;
        config["server"]!["baseUrl"] = $"http://127.0.0.1:{port}";
        config["deployment"]!["stateStore"]!["path"] = $".pipeline/state/{name}";
        config["deployment"]!["targets"]![0]!["path"] = $".pipeline/servers/{name}";
        configure?.Invoke(config);
        File.WriteAllText(workspace.Build.EnvironmentFile(name), config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return new ReleaseServer(Path.Combine(workspace.Root, ".pipeline", "servers", name));
    }

    // The settings file is a link to the environment's own, outside the release.
    private static IReadOnlyList<ManifestFile> Files(string release) => FileDigest.Directory(release).Where(f => f.Path != "appsettings.json").ToList();
}
