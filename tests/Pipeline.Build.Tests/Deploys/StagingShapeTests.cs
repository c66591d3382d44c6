using System.Text.Json.Nodes;
using Pipeline.Core.Artifacts;
using Pipeline.Core.Audit;
using Pipeline.Core.Backups;
using Pipeline.Core.Databases.PostgreSql;
using Pipeline.Core.Deployment;
using Pipeline.Core.Secrets;
using Pipeline.Core.State;
using Pipeline.Core.Tests.Support;

namespace Pipeline.Build.Tests.Deploys;

/// <summary>
/// The committed staging.json as it is (two ssh application targets, a web target, PostgreSQL, S3 artifact and state
/// stores), pointed at a real PostgreSQL server and a real s3rver on loopback: the database, history and status targets
/// need no local target, and take the live release's migrations from its artifact in the store.
/// </summary>
[Collection(DeployTestGroup.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class StagingShapeTests : IClassFixture<PostgresServer>, IAsyncLifetime, IDisposable
{
    private const string ConnectionVariable = "TRADING_STAGING_DB";
    private readonly ReleaseArtifacts artifacts;
    private readonly PostgresServer postgres;
    private readonly S3rverServer s3 = new();
    private readonly BuildRun build = new();
    private readonly Dictionary<string, string?> savedVariables = [];
    private readonly string stateBucket;
    private readonly string artifactBucket;
    private PostgreSqlConnectionInfo database = null!;

    public StagingShapeTests(ReleaseArtifacts artifacts, PostgresServer postgres)
    {
        this.artifacts = artifacts;
        this.postgres = postgres;
        foreach (var (name, value) in new[] { ("AWS_ACCESS_KEY_ID", S3rverServer.AccessKey), ("AWS_SECRET_ACCESS_KEY", S3rverServer.SecretKey), ("AWS_SESSION_TOKEN", null) })
        {
            savedVariables[name] = Environment.GetEnvironmentVariable(name);
            Environment.SetEnvironmentVariable(name, value);
        }

        stateBucket = s3.CreateBucket("state");
        artifactBucket = s3.CreateBucket("artifacts");
        var file = build.EnvironmentFile("staging");
        var config = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        foreach (var (store, bucket) in new[] { ("stateStore", stateBucket), ("artifactStore", artifactBucket) })
        {
            var settings = config["deployment"]![store]!.AsObject();
            settings["bucket"] = bucket;
            settings["endpoint"] = s3.ServiceUrl.ToString();
            settings["forcePathStyle"] = true;
        }

        File.WriteAllText(file, config.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
    }

    public async Task InitializeAsync()
    {
        database = await postgres.CreateDatabaseAsync();
        savedVariables[ConnectionVariable] = Environment.GetEnvironmentVariable(ConnectionVariable);
        Environment.SetEnvironmentVariable(ConnectionVariable, database.ToConnectionString(pooling: false));
    }

    [Fact]
    public void Backup_verify_drill_history_status_and_a_database_rollback_plan_run_on_the_real_staging_shape()
    {
        var digest = LiveReleaseDeployedElsewhere(ReleaseArtifacts.V1);

        build.Succeeds("--target=Backup", "--env=staging");
        Assert.Contains("live release " + ReleaseArtifacts.V1, build.Console.Output);
        build.Succeeds("--target=BackupVerify", "--env=staging");
        build.Succeeds("--target=RollbackDrill", "--env=staging");
        Assert.Contains("Rollback drill passed", build.Console.Output);

        build.Succeeds("--target=History", "--env=staging");
        Assert.Contains("live: " + ReleaseArtifacts.V1, build.Console.Output);

        build.Succeeds("--target=Status", "--env=staging", "--output=json");
        Assert.Contains($"\"liveVersion\": \"{ReleaseArtifacts.V1}\"", build.Console.Output);
        Assert.Contains("the identity cannot be read", build.Console.Output);

        var backup = new BackupCatalog(Store).List()[0].Id;
        build.Succeeds("--target=Rollback", "--env=staging", "--component=database", $"--to={backup}", "--dryrun");
        Assert.Contains($"restore-database: restore backup {backup}", build.Console.Output);
        Assert.Contains("check-health [app-1, app-2]", build.Console.Output);
        Assert.Contains("freeze-writes: stop writes", build.Console.Output);
        Assert.Equal(digest, new DeploymentHistory(Store).Successful()[0].ArtifactSha256);
    }

    [Fact]
    public void A_deploy_dry_run_works_before_the_artifact_exists_and_without_the_database_secret()
    {
        Environment.SetEnvironmentVariable(ConnectionVariable, null);

        build.Succeeds("--target=Deploy", "--exclusive", "--env=staging", $"--app-version={ReleaseArtifacts.V2}", "--dryrun");

        Assert.Contains($"No artifact of {ReleaseArtifacts.V2}", build.Console.Output);
        Assert.Contains("prepare-target [app-1]", build.Console.Output);
        Assert.Contains("cut-over [app-1, app-2]", build.Console.Output);
    }

    [Fact]
    public void A_deploy_to_ssh_targets_whose_identity_is_not_set_fails_before_anything_changes_naming_the_secret()
    {
        LiveReleaseDeployedElsewhere(ReleaseArtifacts.V1);
        artifacts.Install(build.Root, ReleaseArtifacts.V2);
        new ArtifactStore(new S3StateStore(s3.CreateClient(), artifactBucket, "artifacts/"), Path.Combine(build.Root, "cache")).Publish(new ArtifactLayout(Path.Combine(build.Root, "artifacts"), ReleaseArtifacts.V2));

        Assert.NotEqual(0, build.Run("--target=Deploy", "--exclusive", "--env=staging", $"--app-version={ReleaseArtifacts.V2}"));

        Assert.Contains("store:staging/deploy-ssh-key", build.Console.Error);
        Assert.Contains("was not touched", build.Console.Error);
        var record = new DeploymentHistory(Store).All()[^1];
        Assert.Equal(DeploymentStatus.Failed, record.Status);
        Assert.Equal([("app-1", "untouched"), ("app-2", "untouched")], record.Targets.Select(t => (t.Target, t.Status)));
        Assert.Null(Store.Read("locks/deploy.json"));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        foreach (var (name, value) in savedVariables)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        build.Dispose();
        s3.Dispose();
    }

    private IStateStore Store => new S3StateStore(s3.CreateClient(), stateBucket, "staging/");

    // Staging's hosts run the release (deployed before this checkout existed): its artifact is in the store, the database
    // is at its schema, and the history records it.
    private string LiveReleaseDeployedElsewhere(string version)
    {
        var local = Path.Combine(build.Root, "artifacts");
        artifacts.Install(build.Root, version);
        var layout = new ArtifactLayout(local, version);
        new ArtifactStore(new S3StateStore(s3.CreateClient(), artifactBucket, "artifacts/"), Path.Combine(build.Root, "cache")).Publish(layout);
        PostgreSqlDeployedDatabase.Create(database.ToConnectionString(pooling: false), new BackupCatalog(Store), "staging")
            .Migrator(Path.Combine(artifacts.Published(version), "migrations", "postgresql"), "tests")
            .Apply();
        var digest = FileDigest.Sha256(layout.ArchivePath);
        Directory.Delete(local, recursive: true);

        var history = new DeploymentHistory(Store);
        var ledger = new DeploymentLedger(history, new AuditJournal(Store, new SecretMasker()), new AuditActor("tests", "host", null));
        var record = ledger.Create(DeploymentKind.Deploy, "staging", null, version, ["application", "database", "config"], "tests") with { ArtifactSha256 = digest };
        ledger.Started(record);
        ledger.Finish(record, DeploymentStatus.Succeeded, "deployed");
        return digest;
    }
}
