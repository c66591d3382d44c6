using Cake.Core.Diagnostics;
using Pipeline.Build.Tasks;
using Pipeline.Core.Audit;
using Pipeline.Core.Deployment;

namespace Pipeline.Build.Infrastructure;

/// <summary>
/// What a deploy or rollback must have before anything runs: the approval the environment requires and, for a deploy
/// of a version already in the artifact store, its promotion. Called as the first task is set up: before any task body
/// (so a refusal comes before the lock or a backup and changes nothing), and never in a dry run, which sets up no task.
/// </summary>
internal static class RunGate
{
    public static void Require(BuildContext context)
    {
        var deploys = context.PlannedTasks.Contains(nameof(Deploy));
        // --promote and --abort only speak to a deploy that was approved when it started.
        if ((!deploys && !context.PlannedTasks.Contains(nameof(Rollback))) || context.CanaryOrder is not null)
        {
            return;
        }

        Approve(context);
        var promotion = new Promotion(context);
        if (deploys && promotion.Applies && !context.PlannedTasks.Contains(nameof(Tasks.Build)))
        {
            var version = context.VersionAsync().GetAwaiter().GetResult();
            if (context.Deployments.Artifacts.Find(version) is { } manifest)
            {
                promotion.Check(version, manifest.Archive.Sha256);
            }
        }
    }

    private static void Approve(BuildContext context)
    {
        var approval = ApprovalGate.Require(
            context.Settings.Deployment.RequireApproval, context.EnvironmentName, context.Argument(ArgumentNames.Approve), context.Builder, context.CiRun, context.ApprovalPrompt);
        if (approval is null)
        {
            return;
        }

        context.Approval = approval;
        var detail = $"{approval.How} by {approval.By}{(approval.Reason is null ? string.Empty : $": {approval.Reason}")}{(approval.CiRun is null ? string.Empty : $" ({approval.CiRun})")}";
        context.Deployments.Audit.Append(AuditActor.Current(), new AuditEntry("approval", context.EnvironmentName, "approved", Reason: detail));
        context.Log.Information("Approved: {0}", detail);
    }
}
