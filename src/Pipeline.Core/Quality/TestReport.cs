using System.Globalization;

namespace Pipeline.Core.Quality;

/// <summary>How a test project ended.</summary>
public enum TestProjectOutcome
{
    Passed,
    Failed,

    /// <summary>It did not compile: no test ran.</summary>
    DidNotBuild,

    /// <summary>It compiled, but the run left no results (the test host crashed or was stopped).</summary>
    DidNotRun,
}

/// <summary>
/// The outcome of one test project: its counts and failures from its TRX file, or, when it left none, why
/// (the compiler's errors, else the last lines the run printed).
/// </summary>
public sealed record TestProjectResult(string Project, TestProjectOutcome Outcome, string TrxFile, TrxResults Results, IReadOnlyList<string> Problems)
{
    public bool Passed => Outcome == TestProjectOutcome.Passed;

    /// <summary>The part of the project this result is of, when the project's namespaces ran apart.</summary>
    public string? Part { get; init; }

    public string Name => TestRun.NameOf(Project, Part);

    /// <summary>One line: "Name: 12 passed, 1 failed, 0 skipped", or "Name: did not build".</summary>
    public override string ToString() => Outcome switch
    {
        TestProjectOutcome.DidNotBuild => $"{Name}: did not build",
        TestProjectOutcome.DidNotRun => $"{Name}: did not run (no test results were written)",
        _ => $"{Name}: {TestReport.Counts(Results)}",
    };
}

/// <summary>
/// Test results, and coverage when every project ran: coverage merged from a partial run would be a number
/// nobody could compare, so <see cref="Coverage"/> is null then.
/// </summary>
public sealed record TestReport(
    IReadOnlyList<TestProjectResult> Projects,
    CoverageSummary? Coverage,
    int Threshold,
    string? CoberturaFile,
    string? HtmlReport)
{
    /// <summary>The filter of a run of part of the tests (Test --fast), which measures no coverage.</summary>
    public string? Filter { get; init; }

    public TrxResults Totals => Projects.Aggregate(TrxResults.Empty, (total, p) => total.Add(p.Results));

    public bool Complete => Projects.All(p => p.Outcome is TestProjectOutcome.Passed or TestProjectOutcome.Failed);

    public bool TestsPassed => Projects.All(p => p.Passed);

    public bool CoverageMet => Coverage is { } coverage && coverage.LinePercent >= Threshold;

    /// <summary>The last line of the log: "N passed, N failed, N skipped".</summary>
    public string Summary => Counts(Totals);

    public static string Counts(TrxResults results) =>
        string.Create(CultureInfo.InvariantCulture, $"{results.Passed} passed, {results.Failed} failed, {results.Skipped} skipped");
}
