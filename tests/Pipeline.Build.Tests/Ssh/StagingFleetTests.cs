using System.Text.Json.Nodes;
using Amazon.S3;
using Pipeline.Build.Tests.Deploys;
using Pipeline.Core.Artifacts;
using Pipeline.Core.Deployment;
using Pipeline.Core.State;
using Pipeline.Core.Tests.Support;

namespace Pipeline.Build.Tests.Ssh;

/// <summary>
/// A staging-shaped environment, generated in a temporary checkout: three ssh hosts (real sshd on 127.0.0.11-13, each
/// running the app), PostgreSQL on a real server, the artifact and state stores and the web front end in buckets of a
/// real s3rver behind the loopback CloudFront endpoint; deployed end to end by the real build host.
/// </summary>
[Collection(DeployTestGroup.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class StagingFleetTests : IClassFixture<PostgresServer>, IAsyncLifetime, IDisposable
{
    private const string ConnectionVariable = "TRADING_TEST_PG_STAGING_FLEET";
    private readonly ReleaseArtifacts artifacts;
    private readonly PostgresServer postgres;
    private readonly S3rverServer s3 = new();
    private readonly CloudFrontTestServer cdn = new(accessKey: S3rverServer.AccessKey, secretKey: S3rverServer.SecretKey);
    private readonly SshFleet fleet = new(3);
    private readonly IAmazonS3 direct;
    private readonly string siteBucket;
    private readonly string stateBucket;
    private readonly string artifactBucket;
    private readonly DeployWorkspace workspace;
    private readonly Dictionary<string, string?> savedVariables = [];

    public StagingFleetTests(ReleaseArtifacts artifacts, PostgresServer postgres)
    {
        this.artifacts = artifacts;
        this.postgres = postgres;
        foreach (var (name, value) in new[] { ("AWS_ACCESS_KEY_ID", S3rverServer.AccessKey), ("AWS_SECRET_ACCESS_KEY", S3rverServer.SecretKey), ("AWS_SESSION_TOKEN", null) })
        {
            savedVariables[name] = Environment.GetEnvironmentVariable(name);
            Environment.SetEnvironmentVariable(name, value);
        }

        direct = s3.CreateClient();
        siteBucket = s3.CreateBucket("web");
        stateBucket = s3.CreateBucket("state");
        artifactBucket = s3.CreateBucket("artifacts");
        workspace = new DeployWorkspace("staging", config =>
        {
            config["database"] = new JsonObject { ["engine"] = "postgresql", ["connectionString"] = $"env:{ConnectionVariable}" };
            config["deployment"]!["stateStore"] = Bucket(stateBucket, "staging/");
            config["deployment"]!["artifactStore"] = Bucket(artifactBucket, "artifacts/");
            var targets = fleet.Targets();
            targets.Add(new JsonObject
            {
                ["name"] = "web",
                ["kind"] = "s3",
                ["site"] = new JsonObject
                {
                    ["bucket"] = siteBucket,
                    ["region"] = "us-east-1",
                    ["endpoint"] = s3.ServiceUrl.ToString(),
                    ["forcePathStyle"] = true,
                    ["cloudFront"] = new JsonObject { ["distributionId"] = "E2STAGINGFLEET", ["endpoint"] = cdn.Endpoint.ToString() },
                },
            });
            config["deployment"]!["targets"] = targets;
            config["deployment"]!["strategy"] = new JsonObject { ["kind"] = "rolling", ["batchSize"] = 2 };
            config["deployment"]!["healthCheck"] = new JsonObject { ["path"] = "/health", ["retries"] = 30, ["intervalSeconds"] = 1, ["timeoutSeconds"] = 10 };
        });
    }

    public async Task InitializeAsync()
    {
        var database = await postgres.CreateDatabaseAsync();
        savedVariables[ConnectionVariable] = null;
        Environment.SetEnvironmentVariable(ConnectionVariable, database.ToConnectionString(pooling: false));
    }

    [Fact]
    public async Task A_deploy_through_the_build_host_puts_the_version_on_every_host_the_front_end_live_and_the_record_in_the_state_bucket()
    {
        var digest = Publish(ReleaseArtifacts.V1);

        workspace.Build.Succeeds("--target=Deploy", "--exclusive", "--env=staging", $"--app-version={ReleaseArtifacts.V1}");

        var output = workspace.Build.Console.Output;
        Assert.Contains("check-targets [app-11, app-12, app-13]", output);
        Assert.Contains("cut-over [app-11, app-12]", output);
        Assert.Contains("cut-over [app-13]", output);
        Assert.All(await fleet.ServedVersionsAsync(), v => Assert.Equal(ReleaseArtifacts.V1, v));
        Assert.All(fleet.Hosts, h => Assert.Equal(ReleaseArtifacts.V1, h.Server.CurrentVersion()));
        Assert.Equal(File.ReadAllText(Path.Combine(artifacts.Published(ReleaseArtifacts.V1), "wwwroot", "index.html")), await ObjectAsync(siteBucket, "index.html"));
        Assert.Contains("/index.html", cdn.Invalidations[^1].Paths);
        var record = new DeploymentHistory(new S3StateStore(direct, stateBucket, "staging/")).All()[^1];
        Assert.Equal((DeploymentStatus.Succeeded, ReleaseArtifacts.V1, digest), (record.Status, record.ToVersion, record.ArtifactSha256));
        Assert.Equal(["app-11", "app-12", "app-13"], record.Targets.Select(t => t.Target));
        Assert.All(record.Targets, t => Assert.Equal("healthy", t.Status));
        await AnOrderPlacedOnOneHostIsReadOnAnotherAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        fleet.Dispose();
        foreach (var (name, value) in savedVariables)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        workspace.Dispose();
        direct.Dispose();
        cdn.Dispose();
        s3.Dispose();
    }

    private JsonObject Bucket(string bucket, string prefix) => new()
    {
        ["kind"] = "s3",
        ["bucket"] = bucket,
        ["prefix"] = prefix,
        ["region"] = "us-east-1",
        ["endpoint"] = s3.ServiceUrl.ToString(),
        ["forcePathStyle"] = true,
    };

    // The artifact as Build publishes it to the shared store; the checkout keeps no copy, so Deploy fetches it.
    private string Publish(string version)
    {
        artifacts.Install(workspace.Root, version);
        var local = Path.Combine(workspace.Root, "artifacts");
        var layout = new ArtifactLayout(local, version);
        new ArtifactStore(new S3StateStore(direct, artifactBucket, "artifacts/"), Path.Combine(workspace.Root, "cache")).Publish(layout);
        var digest = FileDigest.Sha256(layout.ArchivePath);
        Directory.Delete(local, recursive: true);
        return digest;
    }

    // The hosts share the PostgreSQL database: an order placed through one is read back through another.
    private async Task AnOrderPlacedOnOneHostIsReadOnAnotherAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var placed = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(http, new Uri(fleet.Url(fleet.Hosts[0]), "api/orders"), new { symbol = "AAPL", side = "buy", quantity = 5, price = 190m });
        placed.EnsureSuccessStatusCode();
        Assert.Contains("AAPL", await http.GetStringAsync(new Uri(fleet.Url(fleet.Hosts[2]), "api/orders")));
    }

    private async Task<string> ObjectAsync(string bucket, string key)
    {
        using var response = await direct.GetObjectAsync(bucket, key);
        using var reader = new StreamReader(response.ResponseStream);
        return await reader.ReadToEndAsync();
    }
}
