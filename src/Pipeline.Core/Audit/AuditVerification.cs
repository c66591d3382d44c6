namespace Pipeline.Core.Audit;

/// <summary>
/// The result of checking a journal: how many record objects it holds, every problem found (each naming its
/// record), whether the chain is anchored outside the journal (sealed with the audit key and its head kept
/// elsewhere), and <see cref="Anchoring"/>, a sentence saying which, for the report.
/// </summary>
public sealed record AuditVerification(int Records, IReadOnlyList<string> Problems, bool Anchored = false, string? Anchoring = null)
{
    public bool Intact => Problems.Count == 0;
}
