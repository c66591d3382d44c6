using Pipeline.Core.Ci;

namespace Pipeline.Core.Quality;

/// <summary>Lint's outcome as Markdown for the job summary: one row a check, then the first findings.</summary>
public static class LintSummary
{
    private const int FindingsShown = 50;

    public static string Markdown(LintReport report)
    {
        var lines = new List<string>
        {
            $"### Lint: {(report.Passed ? "passed" : "failed")}",
            string.Empty,
            "| check | outcome | findings |",
            "|---|---|---|",
        };
        lines.AddRange(report.Checks.Select(c => $"| {c.Name} | {(c.Passed ? "passed" : "failed")} | {c.Findings.Count} |"));
        var findings = report.Findings.ToList();
        if (findings.Count > 0)
        {
            lines.Add(string.Empty);
            lines.AddRange(findings.Take(FindingsShown).Select(f => $"- `{GitHubActions.Cell(f.ToString())}`"));
            if (findings.Count > FindingsShown)
            {
                lines.Add($"- and {findings.Count - FindingsShown} more in the log");
            }
        }

        return string.Join('\n', lines) + "\n";
    }
}
