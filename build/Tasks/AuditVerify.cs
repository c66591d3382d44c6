using Cake.Core.Diagnostics;
using Cake.Frosting;

namespace Pipeline.Build.Tasks;

[TaskName(nameof(AuditVerify))]
[TaskDescription("Verifies the environment's hash-chained audit journal, its seals and anchor; names every altered record.")]
public sealed class AuditVerify : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var verification = context.Deployments.Audit.Verify();
        foreach (var problem in verification.Problems)
        {
            context.Log.Error(problem);
        }

        if (!verification.Intact)
        {
            throw new InvalidOperationException($"The audit journal in {context.Deployments.Store.Location} is not intact: {verification.Problems.Count} problem(s) listed above.");
        }

        context.Log.Information("The audit journal in {0} is intact: {1} record(s), every hash and link checks.", context.Deployments.Store.Location, verification.Records);
        if (verification.Anchoring is { } anchoring)
        {
            if (verification.Anchored)
            {
                context.Log.Information(anchoring);
            }
            else
            {
                context.Log.Warning(anchoring);
            }
        }
    }
}
