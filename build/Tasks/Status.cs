using Cake.Core.Diagnostics;
using Cake.Frosting;
using Pipeline.Build.Infrastructure;
using Pipeline.Core.Configuration;
using Pipeline.Core.State;
using Pipeline.Core.Targets;

namespace Pipeline.Build.Tasks;

[TaskName(nameof(Status))]
[ReadsArguments(ArgumentNames.Output)]
[TaskDescription("Shows --env's live version, each target's own version and health, and drift; changes nothing.")]
public sealed class Status : AsyncFrostingTask<BuildContext>
{
    public override async Task RunAsync(BuildContext context)
    {
        var deployments = context.Deployments;
        var status = await EnvironmentStatus.ReadAsync(context.EnvironmentName, deployments.History, deployments.Targets).ConfigureAwait(false);
        if (OutputFormat.IsJson(context))
        {
            OutputFormat.WriteJson(context, status, StateJson.Options);
        }
        else
        {
            Table(context, status);
        }
    }

    private static void Table(BuildContext context, EnvironmentStatus status)
    {
        context.Log.Information(
            "{0}: live {1}{2}",
            status.Environment,
            status.LiveVersion ?? "(nothing deployed)",
            status.LiveVersion is null ? string.Empty : $", deployed {status.DeployedAt:yyyy-MM-dd HH:mm:ss} UTC by {status.DeployedBy}");
        context.Log.Information("{0,-12} {1,-22} {2,-8} {3,-22} {4}", "target", "version", "health", "serves", "detail");
        foreach (var target in status.Targets)
        {
            context.Log.Information(
                "{0,-12} {1,-22} {2,-8} {3,-22} {4}",
                target.Target, target.LiveVersion ?? "-", target.Healthy ? "healthy" : target.Running ? "unhealthy" : "down", target.ServedVersion ?? "-", target.Detail);
        }

        if (status.HasDrift)
        {
            context.Log.Warning("Drift: {0} differ(s) from the recorded history.", string.Join(", ", status.Targets.Where(t => t.Drift).Select(t => t.Target)));
        }
    }
}
