namespace Pipeline.Core.Audit;

/// <summary>
/// What happened. <paramref name="Action"/>: deploy, rollback, approval, abort, lock-break, config-restore, ...;
/// <paramref name="Outcome"/>: started, succeeded, failed, refused, rolled-back.
/// </summary>
public sealed record AuditEntry(
    string Action,
    string Environment,
    string Outcome,
    string? FromVersion = null,
    string? ToVersion = null,
    IReadOnlyList<string>? Components = null,
    IReadOnlyList<string>? BackupIds = null,
    string? Reason = null,
    string? DeploymentId = null,
    string? Target = null);
