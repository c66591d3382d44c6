using System.Globalization;
using Pipeline.Core.Ci;

namespace Pipeline.Core.Quality;

/// <summary>The Test target's results as the log shows them, as GitHub annotations, and as the job summary and outputs.</summary>
public static class TestSummary
{
    private const int StackLinesShown = 6;
    private const int FailuresInSummary = 50;

    /// <summary>The log: each failure with its message and first stack lines, each project's counts, coverage, then the counts line.</summary>
    public static IReadOnlyList<string> LogLines(TestReport report)
    {
        var lines = new List<string>();
        foreach (var project in report.Projects)
        {
            foreach (var failure in project.Results.Failures)
            {
                lines.Add($"FAILED {failure.Name}{(failure.File is null ? string.Empty : $" ({failure.File}:{failure.Line})")}");
                lines.AddRange(failure.Message.Split('\n').Select(l => $"    {l.TrimEnd()}"));
                lines.AddRange((failure.StackTrace ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(StackLinesShown).Select(l => $"    {l.Trim()}"));
            }

            lines.AddRange(project.Problems.Select(p => $"{project.Name}: {p}"));
        }

        lines.AddRange(report.Projects.Select(p => p.ToString()));
        lines.Add(CoverageLine(report));
        lines.Add(report.Summary);
        return lines;
    }

    /// <summary>Under GitHub Actions: an error annotation for each failed test and each compiler error, the summary and the outputs.</summary>
    public static void Publish(GitHubActions actions, TestReport report)
    {
        foreach (var project in report.Projects)
        {
            foreach (var failure in project.Results.Failures)
            {
                actions.Error(failure.File, failure.Line, null, failure.Name, failure.Message);
            }

            if (project.Outcome == TestProjectOutcome.DidNotBuild)
            {
                foreach (var problem in project.Problems)
                {
                    actions.Error(null, null, null, $"{project.Name} did not build", problem);
                }
            }
            else if (project.Outcome == TestProjectOutcome.DidNotRun)
            {
                actions.Error(null, null, null, $"{project.Name} did not run", string.Join('\n', project.Problems));
            }
        }

        var totals = report.Totals;
        actions.SetOutput("tests-passed", totals.Passed.ToString(CultureInfo.InvariantCulture));
        actions.SetOutput("tests-failed", totals.Failed.ToString(CultureInfo.InvariantCulture));
        actions.SetOutput("tests-skipped", totals.Skipped.ToString(CultureInfo.InvariantCulture));
        if (report.Coverage is { } coverage)
        {
            actions.SetOutput("coverage", coverage.LinePercent.ToString("F1", CultureInfo.InvariantCulture));
        }

        actions.AppendSummary(Markdown(report));
    }

    public static string Markdown(TestReport report)
    {
        var lines = new List<string>
        {
            $"### Test{(report.Filter is null ? string.Empty : " (fast)")}: {(report.TestsPassed && (report.CoverageMet || report.Filter is not null) ? "passed" : "failed")}, {report.Summary}",
            string.Empty,
            "| project | outcome | passed | failed | skipped |",
            "|---|---|---|---|---|",
        };
        lines.AddRange(report.Projects.Select(p =>
            $"| {p.Name} | {Outcome(p.Outcome)} | {p.Results.Passed} | {p.Results.Failed} | {p.Results.Skipped} |"));
        lines.Add(string.Empty);
        lines.Add(report.Coverage is { } coverage
            ? string.Create(CultureInfo.InvariantCulture, $"Coverage: line {coverage.LinePercent:F1}%, branch {coverage.BranchPercent:F1}% (threshold {report.Threshold}% line{(report.CoverageMet ? string.Empty : ": NOT MET")})")
            : CoverageLine(report));
        var failures = report.Projects.SelectMany(p => p.Results.Failures).ToList();
        if (failures.Count > 0)
        {
            lines.Add(string.Empty);
            lines.Add("Failures:");
            lines.AddRange(failures.Take(FailuresInSummary).Select(f =>
                $"- `{GitHubActions.Cell(f.Name)}`{(f.File is null ? string.Empty : $" ({GitHubActions.Cell(f.File)}:{f.Line})")}: {GitHubActions.Cell(f.Message.Split('\n')[0])}"));
            if (failures.Count > FailuresInSummary)
            {
                lines.Add($"- and {failures.Count - FailuresInSummary} more in the log");
            }
        }

        return string.Join('\n', lines) + "\n";
    }

    private static string CoverageLine(TestReport report) => report switch
    {
        { Coverage: { } coverage } => $"Coverage: {coverage}; threshold {report.Threshold}% line",
        { Filter: not null } => "Coverage: not measured on a filtered run (--fast).",
        _ => "Coverage: not merged, because not every test project ran.",
    };

    private static string Outcome(TestProjectOutcome outcome) => outcome switch
    {
        TestProjectOutcome.Passed => "passed",
        TestProjectOutcome.Failed => "failed",
        TestProjectOutcome.DidNotBuild => "did not build",
        _ => "did not run",
    };
}
