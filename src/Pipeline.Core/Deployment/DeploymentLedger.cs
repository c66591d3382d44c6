using Pipeline.Core.Audit;

namespace Pipeline.Core.Deployment;

/// <summary>Records a deploy or rollback in the history and the audit journal as it starts and when it ends.</summary>
public sealed class DeploymentLedger(DeploymentHistory history, AuditJournal audit, AuditActor actor)
{
    public DeploymentHistory History => history;

    public void Started(DeploymentRecord record)
    {
        history.Save(record);
        audit.Append(actor, DeploymentAudit.Entry(record, "started"));
    }

    public DeployOutcome Finish(DeploymentRecord record, DeploymentStatus status, string summary)
    {
        var finished = record with { Status = status, Finished = DateTimeOffset.UtcNow };
        history.Save(finished);
        audit.Append(actor, DeploymentAudit.Entry(finished, DeploymentAudit.Outcome(status)));
        return new DeployOutcome(finished, status == DeploymentStatus.Succeeded, summary);
    }
}
