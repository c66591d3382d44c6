namespace Pipeline.Core.Deployment.Planning;

/// <summary>A deploy or rollback as data: where it goes, from what to what, with which strategy, and its steps in order.</summary>
public sealed record OperationPlan(string Environment, string? FromVersion, string? ToVersion, string Strategy, IReadOnlyList<PlanStep> Steps)
{
    /// <summary>The plan as --dryrun prints it: a summary line, then each step's heading.</summary>
    public IEnumerable<string> Describe()
    {
        yield return $"environment {Environment}: {FromVersion ?? "(nothing live)"} -> {ToVersion ?? "(unchanged)"}, strategy {Strategy}";
        for (var i = 0; i < Steps.Count; i++)
        {
            yield return Steps[i].Heading(i + 1, Steps.Count);
        }
    }
}
