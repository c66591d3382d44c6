using Cake.Core.Diagnostics;
using Pipeline.Build.Tasks;
using Pipeline.Core.Audit;
using Pipeline.Core.Deployment;

namespace Pipeline.Build.Infrastructure;

/// <summary>
/// Asks for the approval a deploy or rollback of the environment needs. Called as the first task is set up: before
/// any task body (so a refusal comes before the lock or a backup and changes nothing), and never in a dry run,
/// which sets up no task.
/// </summary>
internal static class RunApproval
{
    public static void Require(BuildContext context)
    {
        if (!context.PlannedTasks.Any(t => t is nameof(Deploy) or nameof(Rollback)))
        {
            return;
        }

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
