namespace Pipeline.Core.Notifications;

/// <summary>
/// What people are told after a deployment; <paramref name="Outcome"/> is e.g. "succeeded", "failed", "rolled back".
/// <paramref name="Measurements"/> are a canary's gate, every one it took (metric, query, value, condition, verdict).
/// </summary>
public sealed record DeploymentNotice(
    string Target,
    string Environment,
    string Outcome,
    string Who,
    string? FromVersion,
    string? ToVersion,
    TimeSpan Duration,
    IReadOnlyList<StageTiming> Stages,
    string? FailedTask,
    string? FailureReason,
    string? ArtifactsLink,
    DateTimeOffset At,
    string? AuditHead = null,
    string? Reconciliation = null,
    IReadOnlyList<string>? Measurements = null);
