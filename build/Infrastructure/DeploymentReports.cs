using Cake.Core.Diagnostics;
using Pipeline.Core.Ci;
using Pipeline.Core.Reports;

namespace Pipeline.Build.Infrastructure;

/// <summary>
/// At the end of a run that deployed or rolled back (whether it succeeded or not): the deployment report as a
/// self-contained HTML file under artifacts/reports/, and under GitHub Actions as the job summary. Secrets are masked
/// as in the log.
/// </summary>
public static class DeploymentReports
{
    public static void Write(BuildContext context)
    {
        if (context.Outcome is not { } outcome)
        {
            return;
        }

        var record = outcome.Record;
        var report = new DeploymentReport(
            record,
            outcome.Summary,
            context.Steps.Steps,
            [.. context.Stages],
            context.Deployments.Targets.Select(t => new ReportHost(t.Name, t.Description, t.Url.ToString())).ToList(),
            record.AuditHead ?? context.Deployments.Audit.Head()?.ToString(),
            GitHubActions.Current.RunUrl);
        var mask = context.Secrets.Masker.Apply;
        Directory.CreateDirectory(context.Paths.Reports);
        var file = Path.Combine(context.Paths.Reports, report.FileName);
        File.WriteAllText(file, mask(DeploymentReportHtml.Render(report)));
        RunReports.Deploy(GitHubActions.Current, report, mask);
        context.Log.Information("Report: {0}", Path.GetRelativePath(context.Paths.Root, file));
    }
}
