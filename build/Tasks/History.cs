using Cake.Core.Diagnostics;
using Cake.Frosting;

namespace Pipeline.Build.Tasks;

[TaskName(nameof(History))]
[TaskDescription("Shows the environment's deploys and rollbacks, then any target that is down or drifted.")]
public sealed class History : AsyncFrostingTask<BuildContext>
{
    public override async Task RunAsync(BuildContext context)
    {
        var records = context.Deployments.History.All();
        context.Log.Information("{0,-20} {1,-9} {2,-11} {3,-22} {4,-22} {5,-20} {6}", "started (UTC)", "kind", "status", "from", "to", "backup", "who");
        foreach (var r in records)
        {
            context.Log.Information(
                "{0,-20:yyyy-MM-dd HH:mm:ss} {1,-9} {2,-11} {3,-22} {4,-22} {5,-20} {6}",
                r.Started, r.Kind.ToString().ToLowerInvariant(), r.Status.ToString().ToLowerInvariant(), r.FromVersion ?? "-", r.ToVersion ?? "-", r.BackupId ?? "-", r.Who);
            if (r.Reason is not null && r.Status != Core.Deployment.DeploymentStatus.Succeeded)
            {
                context.Log.Information("{0,-20} reason: {1}", string.Empty, r.Reason);
            }
        }

        context.Log.Information("{0} record(s); live: {1}", records.Count, context.Deployments.History.LiveVersion() ?? "(none)");
        var status = await Core.Targets.EnvironmentStatus.ReadAsync(context.EnvironmentName, context.Deployments.History, context.Deployments.Targets).ConfigureAwait(false);
        foreach (var target in status.Targets.Where(t => t.Drift || !t.Healthy))
        {
            context.Log.Warning("{0}: {1}", target.Target, target.Detail);
        }
    }
}
