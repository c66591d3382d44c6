using Cake.Core;
using Cake.Frosting;
using Pipeline.Build.Infrastructure;
using Pipeline.Core.Notifications;
using Pipeline.Core.Quality;

namespace Pipeline.Build;

/// <summary>
/// Before the first task: no argument read only by tasks --exclusive leaves out, the prerequisites of the run's targets and the run's gates. After each task: its duration and
/// outcome, and the first failure, for Notify.
/// </summary>
public sealed class BuildTaskLifetime(ToolLookup tools, IEnumerable<IFrostingTask> tasks) : FrostingTaskLifetime<BuildContext>
{
    public override void Setup(BuildContext context, ITaskSetupContext info)
    {
        if (!context.TaskStarted)
        {
            var running = context.RunningTasks(info.Task.Name);

            // Before the run counts as started: a refused argument sends no failure notice, as when it is refused at setup.
            ArgumentCheck.VerifyRunning(context.Arguments, tasks, running);
            CanaryOrderGate.Require(context, running);
            context.TaskStarted = true;
            PrerequisiteGate.Require(context, tools, running);
            RunGate.Require(context);
        }
    }

    public override void Teardown(BuildContext context, ITaskTeardownContext info)
    {
        var status = info.Skipped ? "skipped" : info.Successful ? "succeeded" : "failed";
        context.Stages.Add(new StageTiming(info.Task.Name, info.Duration, status));
        if (!info.Successful && !info.Skipped && context.Failure is null)
        {
            context.Failure = (info.Task.Name, info.ThrownException?.Message ?? "unknown error");
        }
    }
}
