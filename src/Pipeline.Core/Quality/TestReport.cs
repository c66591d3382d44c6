namespace Pipeline.Core.Quality;

/// <summary>The outcome of one test project.</summary>
public sealed record TestProjectResult(string Project, bool Passed, string TrxFile);

/// <summary>Test results, coverage and where the reports are.</summary>
public sealed record TestReport(
    IReadOnlyList<TestProjectResult> Projects,
    CoverageSummary Coverage,
    int Threshold,
    string CoberturaFile,
    string HtmlReport)
{
    public bool TestsPassed => Projects.All(p => p.Passed);

    public bool CoverageMet => Coverage.LinePercent >= Threshold;
}
