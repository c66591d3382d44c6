using Cake.Core;
using Cake.Frosting;
using Pipeline.Build.Infrastructure;
using Pipeline.Core.Notifications;

namespace Pipeline.Build;

/// <summary>Records each task's duration and outcome, and the first failure, for Notify.</summary>
public sealed class BuildTaskLifetime : FrostingTaskLifetime<BuildContext>
{
    public override void Setup(BuildContext context, ITaskSetupContext info)
    {
        if (!context.TaskStarted)
        {
            context.TaskStarted = true;
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
