using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Frosting;
using Pipeline.Build.Infrastructure;
using Pipeline.Build.Tasks;

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
        context.Log.Verbose("Targets: {0}", string.Join(", ", info.TasksToExecute.Select(t => t.Name)));
        if (!context.IsDryRun)
        {
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

    public override void Teardown(BuildContext context, ITeardownContext info)
    {
        try
        {
            if (!info.Successful && !context.IsDryRun && !context.Notified && Notify.Applies(context))
            {
                Notify.Send(context);
            }
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
