using Cake.Core.Diagnostics;
using Cake.Frosting;
using Pipeline.Build.Infrastructure;
using Pipeline.Core.Deployment;
using Pipeline.Core.State;
using Pipeline.Core.Targets;

namespace Pipeline.Build.Tasks;

[TaskName(nameof(History))]
[ReadsArguments(ArgumentNames.Output)]
[TaskDescription("Shows the environment's deploys and rollbacks, then any target that is down or drifted (--output=json).")]
public sealed class History : AsyncFrostingTask<BuildContext>
{
    public override async Task RunAsync(BuildContext context)
    {
        var json = OutputFormat.IsJson(context);
        var records = context.Deployments.History.All();
        var live = context.Deployments.History.LiveVersion();
        var status = await EnvironmentStatus.ReadAsync(context.EnvironmentName, context.Deployments.History, context.Deployments.Targets).ConfigureAwait(false);
        var attention = status.Targets.Where(t => t.Drift || !t.Healthy).ToList();
        if (json)
        {
            var drift = attention.Select(t => new { target = t.Target, t.Drift, t.Healthy, detail = t.Detail });
            OutputFormat.WriteJson(context, new { environment = context.EnvironmentName, live, records, targets = drift }, StateJson.Options);
            return;
        }

        context.Log.Information("{0,-20} {1,-9} {2,-11} {3,-22} {4,-22} {5,-20} {6}", "started (UTC)", "kind", "status", "from", "to", "backup", "who");
        foreach (var r in records)
        {
            context.Log.Information(
                "{0,-20:yyyy-MM-dd HH:mm:ss} {1,-9} {2,-11} {3,-22} {4,-22} {5,-20} {6}",
                r.Started, r.Kind.ToString().ToLowerInvariant(), r.Status.ToString().ToLowerInvariant(), r.FromVersion ?? "-", r.ToVersion ?? "-", r.BackupId ?? "-", r.Who);
            if (r.Reason is not null && r.Status != DeploymentStatus.Succeeded)
            {
                context.Log.Information("{0,-20} reason: {1}", string.Empty, r.Reason);
            }
        }

        context.Log.Information("{0} record(s); live: {1}", records.Count, live ?? "(none)");
        foreach (var target in attention)
        {
            context.Log.Warning("{0}: {1}", target.Target, target.Detail);
        }
    }
}
