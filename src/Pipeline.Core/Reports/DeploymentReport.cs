using Pipeline.Core.Deployment;
using Pipeline.Core.Notifications;

namespace Pipeline.Core.Reports;

/// <summary>
/// What one deploy or rollback run did, for people who were not watching: the record (versions, backups, each target's
/// outcome), the plan's steps as they ran, each task's duration, the hosts and the audit journal's head.
/// </summary>
public sealed record DeploymentReport(
    DeploymentRecord Record,
    string Summary,
    IReadOnlyList<ReportStep> Steps,
    IReadOnlyList<StageTiming> Stages,
    IReadOnlyList<ReportHost> Hosts,
    string? AuditHead,
    string? RunUrl)
{
    public string Title => $"{(Record.Kind == DeploymentKind.Rollback ? "Rollback" : "Deploy")} of {Record.Environment}: {Outcome}";

    public string Outcome => Record.Status switch
    {
        DeploymentStatus.Succeeded => "succeeded",
        DeploymentStatus.RolledBack => "failed, rolled back",
        DeploymentStatus.Failed => "failed",
        DeploymentStatus.Interrupted => "interrupted",
        _ => "started",
    };

    /// <summary>The file name under artifacts/reports/: environment and record id, so runs never overwrite each other.</summary>
    public string FileName => $"{Record.Environment}-{Record.Id}.html";
}

/// <summary>One step of the plan as the run printed it, and when it began, counted from the first step.</summary>
public sealed record ReportStep(string Heading, TimeSpan At);

/// <summary>An application target: its name, where it is and the address its health is checked on.</summary>
public sealed record ReportHost(string Target, string Where, string Url);
