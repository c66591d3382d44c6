using System.Text.Json.Nodes;
using Amazon.S3;
using Pipeline.Core.Deployment;
using Pipeline.Core.State;
using Pipeline.Core.Tests.Support;
using Pipeline.Core.Tests.Web;

namespace Pipeline.Build.Tests.Deploys;

/// <summary>
/// A staging-like environment whose web front end goes to a bucket on a real s3rver behind a loopback
/// CloudFront endpoint, whose state (history, audit, lock, backups) lives in another bucket, and whose app
/// runs on a local target: the whole Deploy and Rollback graph, run by the real host.
/// </summary>
[Collection(DeployTestGroup.Name)]
public sealed class WebDeployTests : IDisposable
{
    private const string Changed = ReleaseArtifacts.V2;
    private const string Change = "\n// changed\n";
    private const string Distribution = "E2TESTSTAGING";

    private readonly ReleaseArtifacts artifacts;
    private readonly S3rverServer s3 = new();
    private readonly SiteProxy site;
    private readonly CloudFrontTestServer cdn = new(accessKey: S3rverServer.AccessKey, secretKey: S3rverServer.SecretKey);
    private readonly IAmazonS3 direct;
    private readonly string bucket;
    private readonly string stateBucket;
    private readonly DeployWorkspace workspace;
    private readonly Dictionary<string, string?> savedVariables = [];

    public WebDeployTests(ReleaseArtifacts artifacts)
    {
        this.artifacts = artifacts;
        foreach (var (name, value) in new[] { ("AWS_ACCESS_KEY_ID", S3rverServer.AccessKey), ("AWS_SECRET_ACCESS_KEY", S3rverServer.SecretKey), ("AWS_SESSION_TOKEN", null) })
        {
            savedVariables[name] = Environment.GetEnvironmentVariable(name);
            Environment.SetEnvironmentVariable(name, value);
        }

        site = new SiteProxy(s3);
        direct = s3.CreateClient();
        bucket = s3.CreateBucket("web");
        stateBucket = s3.CreateBucket("state");
        workspace = new DeployWorkspace("staging", config =>
        {
            config["deployment"]!["stateStore"] = new JsonObject
            {
                ["kind"] = "s3",
                ["bucket"] = stateBucket,
                ["prefix"] = "staging/",
                ["region"] = "us-east-1",
                ["endpoint"] = s3.ServiceUrl.ToString(),
                ["forcePathStyle"] = true,
            };
            config["deployment"]!["targets"]!.AsArray().Add(new JsonObject
            {
                ["name"] = "web",
                ["kind"] = "s3",
                ["site"] = new JsonObject
                {
                    ["bucket"] = bucket,
                    ["region"] = "us-east-1",
                    ["endpoint"] = site.Proxy.ServiceUrl.ToString(),
                    ["forcePathStyle"] = true,
                    ["cloudFront"] = new JsonObject { ["distributionId"] = Distribution, ["endpoint"] = cdn.Endpoint.ToString() },
                },
            });
        });
        artifacts.Install(workspace.Root, ReleaseArtifacts.V1);
        artifacts.InstallChanged(workspace.Root, Changed, Changed, published => File.AppendAllText(Path.Combine(published, "wwwroot", "app.js"), Change));
    }

    private IStateStore Store => new S3StateStore(direct, stateBucket, "staging/");

    [Fact]
    public async Task Deploy_publishes_the_front_end_then_uploads_only_what_changed_and_a_web_rollback_uploads_nothing()
    {
        Deploys(ReleaseArtifacts.V1);
        Assert.Equal(Published(ReleaseArtifacts.V1, "app.js"), await LiveAsync("app.js"));
        Assert.Equal(Published(ReleaseArtifacts.V1, "index.html"), await LiveAsync("index.html"));
        Assert.StartsWith("text/html", (await direct.GetObjectMetadataAsync(bucket, "index.html")).Headers.ContentType, StringComparison.Ordinal);
        Assert.Equal("no-cache", (await direct.GetObjectMetadataAsync(bucket, "index.html")).Headers.CacheControl);
        Assert.Contains("/", cdn.Invalidations[^1].Paths);
        Assert.Contains("/index.html", cdn.Invalidations[^1].Paths);
        Assert.Equal(ReleaseArtifacts.V1, await workspace.LiveVersionAsync());

        site.Requests.Clear();
        Deploys(Changed);

        Assert.Equal(Published(Changed, "app.js") + Change, await LiveAsync("app.js"));
        Assert.Equal([$"releases/{Changed}/app.js"], Uploads().Where(k => !k.EndsWith(".json", StringComparison.Ordinal)));
        Assert.Equal(["/app.js"], cdn.Invalidations[^1].Paths);
        Assert.Equal(Changed, await workspace.LiveVersionAsync());

        site.Requests.Clear();
        workspace.Build.Succeeds("--target=Rollback", "--env=staging", "--component=web");

        Assert.Equal(Published(ReleaseArtifacts.V1, "app.js"), await LiveAsync("app.js"));
        Assert.DoesNotContain(Uploads(), k => !k.EndsWith(".live-release.json", StringComparison.Ordinal));
        Assert.Equal(["/app.js"], cdn.Invalidations[^1].Paths);
        Assert.Equal(Changed, await workspace.LiveVersionAsync());
        var rollback = new DeploymentHistory(Store).All()[^1];
        Assert.Equal((DeploymentKind.Rollback, DeploymentStatus.Succeeded, ReleaseArtifacts.V1), (rollback.Kind, rollback.Status, rollback.ToVersion));
        Assert.Equal([DeploymentRecord.Web], rollback.Components);
        Assert.Equal(Changed, new DeploymentHistory(Store).LiveVersion());
    }

    [Fact]
    public async Task A_bucket_that_refuses_writes_fails_the_deploy_before_anything_switches()
    {
        Deploys(ReleaseArtifacts.V1);
        site.Fault = request => SiteProxy.IsWrite(request) ? Amazon403() : null;

        var exitCode = workspace.Deploy(Changed);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("AccessDenied", workspace.Build.Console.Error);
        Assert.Contains("was not touched", workspace.Build.Console.Error);
        Assert.Equal(ReleaseArtifacts.V1, await workspace.LiveVersionAsync());
        Assert.Equal(Published(ReleaseArtifacts.V1, "app.js"), await LiveAsync("app.js"));
    }

    [Fact]
    public void A_dry_run_lists_the_uploads_copies_and_invalidations_and_changes_nothing()
    {
        workspace.Build.Succeeds("--target=Deploy", "--exclusive", "--env=staging", $"--app-version={ReleaseArtifacts.V1}", "--dryrun");

        Assert.Contains("web:   upload index.html", workspace.Build.Console.Output);
        Assert.Contains("web:   copy index.html (text/html", workspace.Build.Console.Output);
        Assert.Contains($"invalidate in CloudFront {Distribution}", workspace.Build.Console.Output);
        Assert.DoesNotContain(site.Requests, SiteProxy.IsWrite);
        Assert.Empty(cdn.Invalidations);
    }

    public void Dispose()
    {
        workspace.Dispose();
        direct.Dispose();
        site.Dispose();
        cdn.Dispose();
        s3.Dispose();
        foreach (var (name, value) in savedVariables)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }

    private static Core.Tests.Support.InterceptedAnswer Amazon403() => Core.Tests.Support.InterceptedAnswer.S3Error(403, "AccessDenied", "Access Denied");

    private void Deploys(string version) => workspace.Build.Succeeds("--target=Deploy", "--exclusive", "--env=staging", $"--app-version={version}");

    private IEnumerable<string> Uploads() => site.Requests.Where(r => r.Kind is "PUT" or "UPLOAD_PART").Select(r => r.Key);

    private string Published(string version, string file) => File.ReadAllText(Path.Combine(artifacts.Published(version), "wwwroot", file));

    private async Task<string> LiveAsync(string key)
    {
        using var response = await direct.GetObjectAsync(bucket, key);
        using var reader = new StreamReader(response.ResponseStream);
        return await reader.ReadToEndAsync();
    }
}
