namespace Pipeline.Core.Quality;

/// <summary>How one lint check ended.</summary>
public sealed record LintCheck(string Name, bool Passed, IReadOnlyList<Finding> Findings, string? Failure = null);

/// <summary>The outcome of every lint check.</summary>
public sealed record LintReport(IReadOnlyList<LintCheck> Checks)
{
    public bool Passed => Checks.All(c => c.Passed);

    public IEnumerable<Finding> Findings => Checks.SelectMany(c => c.Findings);
}
