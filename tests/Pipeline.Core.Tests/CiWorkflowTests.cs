using YamlDotNet.RepresentationModel;

namespace Pipeline.Core.Tests;

/// <summary>The promises .github/workflows/ci-cd.yml makes, read from the file itself.</summary>
public sealed class CiWorkflowTests
{
    private static readonly string[] DeployJobs = ["deploy-development", "deploy-staging", "deploy-production"];

    private readonly YamlMappingNode jobs;

    public CiWorkflowTests()
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(WorkflowLintTests.RepositoryRoot, ".github", "workflows", "ci-cd.yml")))
        {
            stream.Load(reader);
        }

        jobs = (YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode)["jobs"];
    }

    [Fact]
    public void Every_job_has_a_timeout()
    {
        Assert.All(jobs.Children, job => Assert.True(((YamlMappingNode)job.Value).Children.ContainsKey("timeout-minutes"), $"{job.Key} has no timeout-minutes"));
    }

    [Fact]
    public void The_build_job_uploads_the_artifact_and_gives_its_version_and_sha256()
    {
        var outputs = Map(Job("build"), "outputs");

        Assert.Equal("${{ steps.build.outputs.version }}", Text(outputs, "version"));
        Assert.Equal("${{ steps.build.outputs.sha256 }}", Text(outputs, "sha256"));
        Assert.Contains(Steps("build"), s => Text(s, "uses")?.StartsWith("actions/upload-artifact", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void Deploy_jobs_download_the_artifact_check_it_and_deploy_it_exclusively_without_building_it_again()
    {
        foreach (var name in DeployJobs)
        {
            var steps = Steps(name);
            var runs = steps.Select(s => Text(s, "run") ?? string.Empty).ToList();
            Assert.Contains(steps, s => Text(s, "uses")?.StartsWith("actions/download-artifact", StringComparison.Ordinal) == true);
            Assert.Contains(runs, r => r.Contains("sha256sum --check", StringComparison.Ordinal));
            var deploy = Assert.Single(runs, r => r.Contains("--target=Deploy", StringComparison.Ordinal));
            Assert.Contains("--exclusive", deploy, StringComparison.Ordinal);
            Assert.Contains("--target=Notify", deploy, StringComparison.Ordinal);
            Assert.Contains("--app-version=\"$VERSION\"", deploy, StringComparison.Ordinal);
            Assert.DoesNotContain(runs, r => r.Contains("--target=Test", StringComparison.Ordinal) || r.Contains("--target=E2E", StringComparison.Ordinal) || r.Contains("dotnet publish", StringComparison.Ordinal));
            Assert.All(runs.Where(r => r.Contains("--target=Build", StringComparison.Ordinal)), r => Assert.Contains("--app-version=\"$VERSION\"", r, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Branches_reach_their_environments_and_production_waits_for_staging_behind_its_protected_environment()
    {
        Assert.Contains("refs/heads/develop", Text(Job("deploy-development"), "if"), StringComparison.Ordinal);
        Assert.Contains("refs/heads/main", Text(Job("deploy-staging"), "if"), StringComparison.Ordinal);
        Assert.Contains("refs/heads/main", Text(Job("deploy-production"), "if"), StringComparison.Ordinal);
        Assert.Contains("needs.deploy-staging.result == 'success'", Text(Job("deploy-production"), "if"), StringComparison.Ordinal);
        Assert.Contains("deploy-staging", ((YamlSequenceNode)Job("deploy-production")["needs"]).Children.Select(n => n.ToString()));
        Assert.Equal("production", Text(Job("deploy-production"), "environment"));
        Assert.Equal("staging", Text(Job("deploy-staging"), "environment"));
    }

    [Fact]
    public void Only_the_production_job_approves()
    {
        var approving = jobs.Children
            .Where(job => Steps(job.Key.ToString()).Any(s => Text(s, "run")?.Contains("--approve", StringComparison.Ordinal) == true))
            .Select(job => job.Key.ToString());

        Assert.Equal(["deploy-production"], approving);
    }

    [Fact]
    public void Each_environment_deploys_one_at_a_time_and_is_never_cancelled_midway()
    {
        foreach (var name in DeployJobs)
        {
            var concurrency = Map(Job(name), "concurrency");
            Assert.Equal($"deploy-{name["deploy-".Length..]}", Text(concurrency, "group"));
            Assert.Equal("false", Text(concurrency, "cancel-in-progress"));
        }
    }

    [Fact]
    public void Aws_is_reached_through_oidc_with_no_stored_keys()
    {
        foreach (var name in new[] { "deploy-staging", "deploy-production" })
        {
            Assert.Equal("write", Text(Map(Job(name), "permissions"), "id-token"));
            var credentials = Assert.Single(Steps(name), s => Text(s, "uses")?.StartsWith("aws-actions/configure-aws-credentials", StringComparison.Ordinal) == true);
            Assert.Equal("${{ secrets.AWS_DEPLOY_ROLE_ARN }}", Text(Map(credentials, "with"), "role-to-assume"));
        }

        foreach (var file in Directory.GetFiles(Path.Combine(WorkflowLintTests.RepositoryRoot, ".github", "workflows")))
        {
            Assert.DoesNotContain("AWS_SECRET_ACCESS_KEY", File.ReadAllText(file), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_job_sets_up_through_the_action_that_caches_nuget_and_npm_keyed_on_their_package_files()
    {
        Assert.All(jobs.Children, job => Assert.Contains(Steps((string)job.Key!), s => Text(s, "uses") == "./.github/actions/setup"));
        var action = Load(Path.Combine(".github", "actions", "setup", "action.yml"));
        var caches = ((YamlSequenceNode)Map(action, "runs")["steps"]).Children.Cast<YamlMappingNode>()
            .Where(s => Text(s, "uses")?.StartsWith("actions/cache@", StringComparison.Ordinal) == true)
            .ToDictionary(s => Text(Map(s, "with"), "path")!, s => Text(Map(s, "with"), "key")!);

        Assert.Contains("Directory.Packages.props", caches["~/.nuget/packages"], StringComparison.Ordinal);
        Assert.Contains("tools/*/package-lock.json", caches["~/.npm"], StringComparison.Ordinal);
    }

    [Fact]
    public void The_rollback_drill_runs_on_a_schedule_and_every_one_of_its_jobs_has_a_timeout()
    {
        var drill = Load(Path.Combine(".github", "workflows", "rollback-drill.yml"));

        Assert.NotEmpty(Text((YamlMappingNode)((YamlSequenceNode)Map(drill, "on")["schedule"]).Children[0], "cron")!);
        Assert.All(Map(drill, "jobs").Children, job => Assert.True(((YamlMappingNode)job.Value).Children.ContainsKey("timeout-minutes"), $"{job.Key} has no timeout-minutes"));
    }

    private static YamlMappingNode Load(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(WorkflowLintTests.RepositoryRoot, path)))
        {
            stream.Load(reader);
        }

        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private YamlMappingNode Job(string name) => (YamlMappingNode)jobs[name];

    private IReadOnlyList<YamlMappingNode> Steps(string job) =>
        [.. ((YamlSequenceNode)Job(job)["steps"]).Children.Cast<YamlMappingNode>()];

    private static YamlMappingNode Map(YamlMappingNode node, string key) => (YamlMappingNode)node[key];

    private static string? Text(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value : null;
}
