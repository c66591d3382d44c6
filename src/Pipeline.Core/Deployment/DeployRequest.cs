using Pipeline.Core.Artifacts;
using Pipeline.Core.Configuration.Model;

namespace Pipeline.Core.Deployment;

/// <summary>
/// What to deploy, where, for whom; settings are the environment's validated configuration. A rollback to a
/// rebuilt release goes through the same path, recorded as a rollback of <paramref name="RollsBack"/>.
/// </summary>
public sealed record DeployRequest(
    ArtifactLayout Artifact,
    EnvironmentSettings Settings,
    string ConfigFile,
    string Who,
    string? PreparedBackupId = null,
    string? RollsBack = null);

/// <summary>What a deploy will do, shown by --dryrun and before a real deploy starts.</summary>
public sealed record DeployPlan(
    string Environment,
    string? FromVersion,
    string ToVersion,
    bool ReleaseAlreadyUnpacked,
    int SchemaVersion,
    IReadOnlyList<string> PendingMigrations,
    string ServerRoot,
    Uri Url)
{
    public IEnumerable<string> Describe()
    {
        yield return $"environment {Environment}: {FromVersion ?? "(nothing live)"} -> {ToVersion}";
        yield return ReleaseAlreadyUnpacked
            ? $"release {ToVersion} is already unpacked in {ServerRoot}/releases; it is reused"
            : $"unpack {ToVersion} into {ServerRoot}/releases/{ToVersion}";
        yield return "back up the database, the live release pointer and the configuration";
        yield return PendingMigrations.Count == 0
            ? $"no migrations to run (schema version {SchemaVersion})"
            : $"run {PendingMigrations.Count} migration(s) from schema version {SchemaVersion}: {string.Join(", ", PendingMigrations)}";
        yield return $"switch {ServerRoot}/current to releases/{ToVersion}";
        yield return $"restart the app on {Url} and check {Url}health";
    }
}

/// <summary>How a deploy ended.</summary>
public sealed record DeployOutcome(DeploymentRecord Record, bool Succeeded, string Summary);
