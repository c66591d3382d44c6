using Pipeline.Core.Audit;

namespace Pipeline.Core.Deployment;

/// <summary>How a deploy or rollback record reads in the audit journal.</summary>
public static class DeploymentAudit
{
    public static AuditEntry Entry(DeploymentRecord record, string outcome) =>
        new(
            record.Kind == DeploymentKind.Deploy ? "deploy" : "rollback",
            record.Environment,
            outcome,
            record.FromVersion,
            record.ToVersion,
            record.Components,
            record.BackupId is null ? [] : [record.BackupId],
            record.Reason,
            record.Id);

    public static string Outcome(DeploymentStatus status) => status switch
    {
        DeploymentStatus.Succeeded => "succeeded",
        DeploymentStatus.RolledBack => "rolled-back",
        DeploymentStatus.Started => "started",
        DeploymentStatus.Interrupted => "interrupted",
        _ => "failed",
    };
}
