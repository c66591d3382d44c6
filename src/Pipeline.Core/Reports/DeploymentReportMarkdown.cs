using Pipeline.Core.Ci;

namespace Pipeline.Core.Reports;

/// <summary>A deployment report as Markdown, for the job summary: the same sections as the HTML file.</summary>
public static class DeploymentReportMarkdown
{
    public static string Render(DeploymentReport report)
    {
        var lines = new List<string>
        {
            $"### {report.Title}",
            string.Empty,
            GitHubActions.Cell(report.Summary),
            string.Empty,
            "| | |",
            "|---|---|",
        };
        lines.AddRange(DeploymentReportRows.Facts(report).Select(f => $"| {f.Name} | {GitHubActions.Cell(f.Value)} |"));

        lines.AddRange([string.Empty, "#### Plan", string.Empty]);
        lines.AddRange(report.Steps.Count == 0
            ? ["No step of the plan ran."]
            : ["| at | step |", "|---|---|", .. report.Steps.Select(s => $"| {ReportText.Offset(s.At)} | {GitHubActions.Cell(s.Heading)} |")]);

        lines.AddRange([string.Empty, "#### Stages", string.Empty, "| task | duration | outcome |", "|---|---|---|"]);
        lines.AddRange(report.Stages.Select(s => $"| {GitHubActions.Cell(s.Name)} | {ReportText.Duration(s.Duration)} | {GitHubActions.Cell(s.Status)} |"));

        lines.AddRange([string.Empty, "#### Hosts", string.Empty, "| target | where | from | to | outcome | detail |", "|---|---|---|---|---|---|"]);
        lines.AddRange(DeploymentReportRows.Hosts(report).Select(h =>
            $"| {GitHubActions.Cell(h.Target)} | {GitHubActions.Cell(h.Where)} | {GitHubActions.Cell(h.From)} | {GitHubActions.Cell(h.To)} | {GitHubActions.Cell(h.Outcome)} | {GitHubActions.Cell(h.Detail)} |"));

        lines.AddRange([string.Empty, "#### Backups", string.Empty, "| | |", "|---|---|"]);
        lines.AddRange(DeploymentReportRows.Backups(report).Select(f => $"| {f.Name} | {GitHubActions.Cell(f.Value)} |"));
        return string.Join('\n', lines) + "\n";
    }
}
