using Cake.Core.Diagnostics;
using Cake.Frosting;
using Pipeline.Build.Infrastructure;
using Pipeline.Core.Configuration;
using Pipeline.Core.State;
using Pipeline.Core.Targets;

namespace Pipeline.Build.Tasks;

[TaskName(nameof(Status))]
[ReadsArguments(ArgumentNames.Output)]
[TaskDescription("Shows --env's live version, each target's own version and health, and drift (blue/green: which colour is live, which is warm and until when); changes nothing.")]
public sealed class Status : AsyncFrostingTask<BuildContext>
{
    public override async Task RunAsync(BuildContext context)
    {
        var deployments = context.Deployments;
        var status = await EnvironmentStatus.ReadAsync(context.EnvironmentName, deployments.History, deployments.Targets, deployments.Scope.Colours).ConfigureAwait(false);
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
        if (status.Colours is { } colours)
        {
            context.Log.Information(
                "colours: {0} live with {1}; {2}",
                colours.Live,
                colours.LiveVersion ?? "-",
                colours.Warm ? $"{colours.Idle} warm with {colours.WarmVersion} until {colours.WarmUntil:yyyy-MM-dd HH:mm:ss} UTC (a rollback until then is a switch)" : $"{colours.Idle} idle{(colours.WarmUntil is { } until ? $" since {until:yyyy-MM-dd HH:mm:ss} UTC" : string.Empty)} (stopped, or replaced by the next deploy)");
        }

        context.Log.Information("{0,-12} {1,-12} {2,-22} {3,-8} {4,-22} {5}", "target", "colour", "version", "health", "serves", "detail");
        foreach (var target in status.Targets)
        {
            context.Log.Information(
                "{0,-12} {1,-12} {2,-22} {3,-8} {4,-22} {5}",
                target.Target,
                target.Colour is null ? "-" : $"{target.Colour} {target.Role}",
                target.LiveVersion ?? "-",
                target.Healthy ? "healthy" : target.Running ? "unhealthy" : "down",
                target.ServedVersion ?? "-",
                target.Detail);
        }

        if (status.HasDrift)
        {
            context.Log.Warning("Drift: {0} differ(s) from the recorded history.", string.Join(", ", status.Targets.Where(t => t.Drift).Select(t => t.Target)));
        }
    }
}
