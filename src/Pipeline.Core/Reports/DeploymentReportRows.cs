using System.Globalization;

namespace Pipeline.Core.Reports;

/// <summary>The rows of a deployment report, shared by its Markdown and HTML forms so both always say the same.</summary>
internal static class DeploymentReportRows
{
    public static IEnumerable<(string Name, string Value)> Facts(DeploymentReport report)
    {
        var record = report.Record;
        yield return ("environment", record.Environment);
        yield return ("version", $"{record.FromVersion ?? "(nothing live)"} → {record.ToVersion ?? "-"}");
        yield return ("sha256", record.ArtifactSha256 ?? "-");
        yield return ("strategy", record.Strategy ?? "-");
        yield return ("approval", record.Approval is { } a ? $"{a.How} by {a.By}" : "not required");
        yield return ("by", record.Who);
        yield return ("started", ReportText.Time(record.Started));
        yield return ("finished", ReportText.Time(record.Finished));
        yield return ("took", record.Finished is { } end ? ReportText.Duration(end - record.Started) : "-");
        yield return ("record", record.Id);
        if (record.Reason is { Length: > 0 } reason && record.Status != Deployment.DeploymentStatus.Succeeded)
        {
            yield return ("reason", reason);
        }

        yield return ("audit head", report.AuditHead ?? "(no journal)");
        if (report.RunUrl is { } url)
        {
            yield return ("CI run", url);
        }
    }

    public static IEnumerable<(string Target, string Where, string From, string To, string Outcome, string Detail)> Hosts(DeploymentReport report)
    {
        var outcomes = report.Record.Targets.ToDictionary(t => t.Target, StringComparer.Ordinal);
        foreach (var host in report.Hosts)
        {
            outcomes.Remove(host.Target, out var outcome);
            yield return (host.Target, $"{host.Where} ({host.Url})", outcome?.From ?? "-", outcome?.To ?? "-", outcome?.Status ?? "not recorded", outcome?.Detail ?? string.Empty);
        }

        foreach (var outcome in outcomes.Values)
        {
            yield return (outcome.Target, "-", outcome.From ?? "-", outcome.To ?? "-", outcome.Status, outcome.Detail ?? string.Empty);
        }
    }

    public static IEnumerable<(string Name, string Value)> Backups(DeploymentReport report)
    {
        var record = report.Record;
        yield return ("backup taken before", record.BackupId ?? "none");
        yield return ("migrations applied", record.MigrationsApplied.Count == 0 ? "none" : string.Join(", ", record.MigrationsApplied.Select(m => m.ToString(CultureInfo.InvariantCulture))));
        if (record.SafetyBackupId is { } safety)
        {
            yield return ("safety backup (what the restore replaced)", safety);
        }

        if (record.ReconciliationFile is { } file)
        {
            yield return ("rows saved for reconciliation", $"{record.ReconciledRows ?? 0} in {file}");
        }
    }
}
