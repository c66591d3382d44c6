namespace Pipeline.Core.Reports;

/// <summary>A deployment report as a self-contained HTML file: the same sections as the Markdown summary.</summary>
public static class DeploymentReportHtml
{
    public static string Render(DeploymentReport report)
    {
        var page = new HtmlPage()
            .Heading(1, report.Title, report.Record.Status.ToString().ToLowerInvariant())
            .Paragraph(report.Summary)
            .Table([], DeploymentReportRows.Facts(report).Select(f => (IReadOnlyList<string>)[f.Name, f.Value]))
            .Heading(2, "Plan");
        page = report.Steps.Count == 0
            ? page.Paragraph("No step of the plan ran.")
            : page.Table(["at", "step"], report.Steps.Select(s => (IReadOnlyList<string>)[ReportText.Offset(s.At), s.Heading]));
        return page
            .Heading(2, "Stages")
            .Table(["task", "duration", "outcome"], report.Stages.Select(s => (IReadOnlyList<string>)[s.Name, ReportText.Duration(s.Duration), s.Status]))
            .Heading(2, "Hosts")
            .Table(["target", "where", "from", "to", "outcome", "detail"], DeploymentReportRows.Hosts(report).Select(h => (IReadOnlyList<string>)[h.Target, h.Where, h.From, h.To, h.Outcome, h.Detail]))
            .Heading(2, "Backups")
            .Table([], DeploymentReportRows.Backups(report).Select(f => (IReadOnlyList<string>)[f.Name, f.Value]))
            .Render(report.Title);
    }
}
