using Cake.Core;
using Cake.Frosting;
using Pipeline.Build.Infrastructure;
using Pipeline.Core.Notifications;
using Pipeline.Core.Quality;

namespace Pipeline.Build;

/// <summary>
/// Before the first task: the prerequisites of the run's targets and the run's gates. After each task: its duration and
/// outcome, and the first failure, for Notify.
/// </summary>
public sealed class BuildTaskLifetime(ToolLookup tools) : FrostingTaskLifetime<BuildContext>
{
    public override void Setup(BuildContext context, ITaskSetupContext info)
    {
        if (!context.TaskStarted)
        {
            context.TaskStarted = true;
            PrerequisiteGate.Require(context, tools, info.Task.Name);
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
