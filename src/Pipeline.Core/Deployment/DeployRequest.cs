using Pipeline.Core.Artifacts;
using Pipeline.Core.Configuration.Model;

namespace Pipeline.Core.Deployment;

/// <summary>
/// What to deploy, where, for whom; settings are the environment's validated configuration. A rollback to a
/// rebuilt release goes through the same path, recorded as a rollback of <paramref name="RollsBack"/>. <paramref name="Drift"/>
/// says what to do when the targets differ from the history (a rollback always converges them).
/// </summary>
public sealed record DeployRequest(
    ArtifactLayout Artifact,
    EnvironmentSettings Settings,
    string ConfigFile,
    string Who,
    string? PreparedBackupId = null,
    string? RollsBack = null,
    bool AllowContract = false,
    DriftPolicy Drift = DriftPolicy.Refuse);

/// <summary>How a deploy ended.</summary>
public sealed record DeployOutcome(DeploymentRecord Record, bool Succeeded, string Summary);
