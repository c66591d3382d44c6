using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Frosting;
using Pipeline.Build.Infrastructure;
using Pipeline.Build.Tasks;
using Pipeline.Core.Deployment;

namespace Pipeline.Build;

/// <summary>
/// Says where and for which environment the run happens; under --dryrun prints each task's plan (no task
/// body runs then). At the end it releases the deploy lock and, when a deploy or rollback run failed
/// before Notify could run, sends the failure notice.
/// </summary>
public sealed class BuildLifetime(IEnumerable<IFrostingTask> tasks) : FrostingLifetime<BuildContext>
{
    public override void Setup(BuildContext context, ISetupContext info)
    {
        context.Log.Information("Environment: {0}   Repository: {1}", context.EnvironmentName, context.Paths.Root);
        context.PlannedTasks = info.TasksToExecute.Select(t => t.Name).ToList();
        context.Log.Verbose("Targets: {0}", string.Join(", ", context.PlannedTasks));
        if (!context.IsDryRun)
        {
            Approve(context);
            return;
        }

        var byName = tasks.ToDictionary(t => t.GetType().Name, StringComparer.OrdinalIgnoreCase);
        foreach (var task in info.TasksToExecute)
        {
            if (byName.TryGetValue(task.Name, out var instance) && instance is IPlannable plannable)
            {
                context.Log.Information("Plan of {0}:", task.Name);
                plannable.Plan(context);
            }
        }
    }

    // Before any task runs, so a refusal comes before the lock is taken and changes nothing.
    private static void Approve(BuildContext context)
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
        context.Deployments.Audit.Append(Pipeline.Core.Audit.AuditActor.Current(), new Pipeline.Core.Audit.AuditEntry(
            "approval", context.EnvironmentName, "approved", Reason: $"{approval.How} by {approval.By}{(approval.Reason is null ? string.Empty : $": {approval.Reason}")}{(approval.CiRun is null ? string.Empty : $" ({approval.CiRun})")}"));
        context.Log.Information("Approved: {0} by {1}{2}", approval.How, approval.By, approval.Reason is null ? string.Empty : $" ({approval.Reason})");
    }

    public override void Teardown(BuildContext context, ITeardownContext info)
    {
        try
        {
            if (!info.Successful && !context.IsDryRun && !context.Notified && Notify.Applies(context))
            {
                Notify.Send(context);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The run has already failed; a notice that cannot be built must not hide why.
            context.Log.Warning("The failure notice could not be sent: {0}", ex.Message);
        }
        finally
        {
            context.ReleaseLock();
        }

        if (!info.Successful && info.ThrownException is { } exception)
        {
            context.Log.Verbose("The run failed: {0}", exception.Message);
        }
    }
}
