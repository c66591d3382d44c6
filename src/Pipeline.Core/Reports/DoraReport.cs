using System.Globalization;
using Pipeline.Core.Ci;

namespace Pipeline.Core.Reports;

/// <summary>The DORA figures of an environment as console lines, Markdown for the job summary and a self-contained HTML page.</summary>
public static class DoraReport
{
    public static IEnumerable<(string Name, string Value)> Rows(DoraFigures figures)
    {
        yield return ("window", $"{ReportText.Time(figures.From)} to {ReportText.Time(figures.To)}");
        yield return ("deployment frequency", string.Create(CultureInfo.InvariantCulture, $"{figures.DeploysPerWeek:0.##} successful deploys a week ({figures.SuccessfulDeploys} of {figures.Deploys} deploys)"));
        yield return ("lead time, commit to live (median)", figures.MedianLeadTime is { } lead
            ? $"{ReportText.Duration(lead)} (over {figures.LeadTimesKnown} deploy(s) whose commit time is known)"
            : "unknown: no successful deploy of a version whose commit is in this repository");
        yield return ("change failure rate", figures.ChangeFailureRate is { } rate
            ? string.Create(CultureInfo.InvariantCulture, $"{rate * 100:0.#}% ({figures.FailedChanges} of {figures.Deploys} deploys failed or were undone)")
            : "no deploys recorded");
        yield return ("time to restore (median)", figures.MedianTimeToRestore is { } restore
            ? $"{ReportText.Duration(restore)} (over {figures.Restores} restore(s){(figures.NotRestored > 0 ? $"; {figures.NotRestored} not restored yet" : string.Empty)})"
            : figures.NotRestored > 0 ? $"{figures.NotRestored} failure(s) not restored yet" : "nothing needed restoring");
    }

    public static string Markdown(DoraFigures figures) =>
        string.Join('\n', new[] { $"### DORA figures of {figures.Environment}", string.Empty, "| | |", "|---|---|" }
            .Concat(Rows(figures).Select(r => $"| {r.Name} | {GitHubActions.Cell(r.Value)} |"))) + "\n";

    public static string Html(DoraFigures figures)
    {
        var title = $"Deployments of {figures.Environment}: DORA figures";
        return new HtmlPage()
            .Heading(1, title)
            .Table([], Rows(figures).Select(r => (IReadOnlyList<string>)[r.Name, r.Value]))
            .Heading(2, "Deploys per day")
            .Raw(DoraChart.Svg(figures.Days))
            .Table(["day", "stayed live", "failed or undone"], figures.Days.Select(d => (IReadOnlyList<string>)[d.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), d.Succeeded.ToString(CultureInfo.InvariantCulture), d.Failed.ToString(CultureInfo.InvariantCulture)]))
            .Render(title);
    }
}
