using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Frosting;
using Pipeline.Build.Infrastructure;
using Pipeline.Build.Tasks;

namespace Pipeline.Build;

/// <summary>
/// Says where and for which environment the run happens. At the end it prints each task's plan after a
/// dry run (--dryrun: no task body runs then), writes the deployment report of a run that deployed or rolled back,
/// releases the deploy lock and, when a deploy or rollback run failed before Notify could run, sends the failure notice.
/// </summary>
public sealed class BuildLifetime(IEnumerable<IFrostingTask> tasks) : FrostingLifetime<BuildContext>
{
    public override void Setup(BuildContext context, ISetupContext info)
    {
        context.PlannedTasks = info.TasksToExecute.Select(t => t.Name).ToList();
        ArgumentCheck.Verify(context.Arguments, tasks, context.PlannedTasks);
        if (UsesEnvironment(context.PlannedTasks))
        {
            EnvironmentBanner.Print(context.Log, context.EnvironmentChoice);
        }

        context.Log.Information("Repository: {0}", context.Paths.Root);
        context.Log.Verbose("Targets: {0}", string.Join(", ", context.PlannedTasks));
    }

    public override void Teardown(BuildContext context, ITeardownContext info)
    {
        if (info.Successful && !context.TaskStarted)
        {
            PrintPlans(context);
        }

        try
        {
            DeploymentReports.Write(context);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            context.Log.Warning("The deployment report could not be written: {0}", ex.Message);
        }

        try
        {
            if (!info.Successful && context.TaskStarted && !context.Notified && Notify.Applies(context))
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
            context.Signals.Dispose();
        }

        if (!info.Successful && info.ThrownException is { } exception)
        {
            context.Log.Verbose("The run failed: {0}", exception.Message);
        }
    }

    private bool UsesEnvironment(IEnumerable<string> planned)
    {
        var withoutEnvironment = tasks.Where(t => t.GetType().IsDefined(typeof(UsesNoEnvironmentAttribute), inherit: false))
            .Select(t => t.GetType().Name)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        return planned.Any(name => !withoutEnvironment.Contains(name));
    }

    private void PrintPlans(BuildContext context)
    {
        var byName = tasks.ToDictionary(t => t.GetType().Name, StringComparer.OrdinalIgnoreCase);
        foreach (var name in context.PlannedTasks)
        {
            if (byName.TryGetValue(name, out var instance) && instance is IPlannable plannable)
            {
                context.Log.Information("Plan of {0}:", name);
                try
                {
                    plannable.Plan(context);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A dry run says what it cannot know yet (a secret not set here, a server out of reach) instead of failing.
                    context.Log.Information("  (cannot be planned in full now: {0})", ex.Message);
                }
            }
        }
    }
}
