using System.Text.Json.Nodes;

namespace Pipeline.Build.Tests.Deploys;

[Collection(DeployTestGroup.Name)]
public sealed class ContainerDryRunTests(ReleaseArtifacts artifacts) : IDisposable
{
    private const string Socket = "/run/pipeline-tests-no-such-engine/docker.sock";
    private readonly DeployWorkspace workspace = new(configure: config =>
    {
        config["deployment"]!["targets"]![0] = new JsonObject
        {
            ["name"] = "app",
            ["kind"] = "container",
            ["socket"] = Socket,
            ["url"] = $"{config["server"]!["baseUrl"]}/",
            ["path"] = ".pipeline/servers/containers",
        };
        config["deployment"]!["image"]!["registry"] = "127.0.0.1:5000";
    });

    [Fact]
    public void A_dry_run_of_a_deploy_to_a_container_target_prints_the_plan_and_changes_nothing()
    {
        artifacts.Install(workspace.Root, ReleaseArtifacts.V1);

        workspace.Build.Succeeds("--target=Deploy", "--exclusive", "--env=development", $"--app-version={ReleaseArtifacts.V1}", "--dryrun");

        var output = workspace.Build.Console.Output;
        Assert.Contains($"put release {ReleaseArtifacts.V1} on app (containers on unix://{Socket}, {Path.Combine(workspace.Root, ".pipeline", "servers", "containers")})", output);
        Assert.Contains($"cut-over [app]: write the settings, switch to {ReleaseArtifacts.V1}, restart", output);
        Assert.False(Directory.Exists(Path.Combine(workspace.Root, ".pipeline", "servers", "containers")));
        Assert.Empty(workspace.Store.List(string.Empty));
    }

    public void Dispose() => workspace.Dispose();
}
