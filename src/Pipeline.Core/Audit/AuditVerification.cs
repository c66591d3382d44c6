namespace Pipeline.Core.Audit;

/// <summary>The result of checking a journal: how many record objects it holds and every problem found, each naming its record.</summary>
public sealed record AuditVerification(int Records, IReadOnlyList<string> Problems)
{
    public bool Intact => Problems.Count == 0;
}
