using Pipeline.Core.Audit;

namespace Pipeline.Core.Deployment;

/// <summary>
/// The one place deploy and rollback records are created, started and finished: each is saved to the history and
/// appended to the audit journal as it starts and when it ends.
/// </summary>
public sealed class DeploymentLedger(DeploymentHistory history, AuditJournal audit, AuditActor actor, Approval? approval = null)
{
    public DeploymentHistory History => history;

    /// <summary>A new record, not yet saved: status started, now, with the run's approval when there is one.</summary>
    public DeploymentRecord Create(DeploymentKind kind, string environment, string? from, string? to, IReadOnlyList<string> components, string who, string? rollsBack = null) =>
        new()
        {
            Id = history.NewId(),
            Kind = kind,
            Environment = environment,
            Status = DeploymentStatus.Started,
            FromVersion = from,
            ToVersion = to,
            Components = components,
            RollsBack = rollsBack,
            Who = who,
            Started = DateTimeOffset.UtcNow,
            Approval = approval,
        };

    public void Started(DeploymentRecord record)
    {
        history.Save(record);
        audit.Append(actor, DeploymentAudit.Entry(record, "started"));
    }

    /// <summary>Saves progress of a started record (backup taken, migrations applied), so an interrupted run leaves the facts.</summary>
    public void Update(DeploymentRecord record) => history.Save(record);

    /// <summary>Records a refusal: nothing was changed, and the history and journal say why.</summary>
    public DeployOutcome Refuse(DeploymentRecord record, string reason, string summary)
    {
        history.Save(record);
        return Finish(record with { Reason = reason }, DeploymentStatus.Failed, summary);
    }

    /// <summary>
    /// Closes every record a run started and never finished as interrupted. Called under the environment's lock, so
    /// no run that could still finish them is alive. Returns the records closed.
    /// </summary>
    public IReadOnlyList<DeploymentRecord> CloseInterrupted()
    {
        var open = history.All().Where(r => r.Status == DeploymentStatus.Started).ToList();
        return open.Select(r => Finish(
            r with { Reason = $"the run that started this {r.Kind.ToString().ToLowerInvariant()} ended without finishing it (killed or lost); closed by a later run" },
            DeploymentStatus.Interrupted,
            "interrupted").Record).ToList();
    }

    public DeployOutcome Finish(DeploymentRecord record, DeploymentStatus status, string summary)
    {
        var finished = record with
        {
            Status = status,
            Finished = DateTimeOffset.UtcNow,
            Reason = status == DeploymentStatus.Succeeded ? null : record.Reason ?? summary,
        };
        history.Save(finished);
        audit.Append(actor, DeploymentAudit.Entry(finished, DeploymentAudit.Outcome(status)));
        finished = finished with { AuditHead = audit.Head()?.ToString() };
        history.Save(finished);
        return new DeployOutcome(finished, status == DeploymentStatus.Succeeded, summary);
    }
}
