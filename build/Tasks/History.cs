using Cake.Core.Diagnostics;
using Cake.Frosting;
using Pipeline.Build.Infrastructure;
using Pipeline.Core.Ci;
using Pipeline.Core.Deployment;
using Pipeline.Core.Reports;
using Pipeline.Core.State;
using Pipeline.Core.Targets;

namespace Pipeline.Build.Tasks;

[TaskName(nameof(History))]
[ReadsArguments(ArgumentNames.Output, ArgumentNames.Report)]
[TaskDescription("Shows the environment's deploys and rollbacks, then any target that is down or drifted (--output=json, --report).")]
public sealed class History : AsyncFrostingTask<BuildContext>
{
    public override async Task RunAsync(BuildContext context)
    {
        var json = OutputFormat.IsJson(context);
        var records = context.Deployments.History.All();
        var live = context.Deployments.History.LiveVersion();
        var status = await EnvironmentStatus.ReadAsync(context.EnvironmentName, context.Deployments.History, context.Deployments.Targets, context.Deployments.Scope.Colours).ConfigureAwait(false);
        var attention = status.Targets.Where(t => t.Drift || !t.Healthy).ToList();
        var dora = context.HasFlag(ArgumentNames.Report)
            ? DoraFigures.Compute(context.EnvironmentName, records, new GitCommitTimes(context.Runner, context.Paths.Root).Of, DateTimeOffset.UtcNow)
            : null;
        if (json)
        {
            var drift = attention.Select(t => new { target = t.Target, t.Drift, t.Healthy, detail = t.Detail });
            OutputFormat.WriteJson(context, new { environment = context.EnvironmentName, live, records, targets = drift, dora }, StateJson.Options);
        }
        else
        {
            PrintTable(context, records, live, attention);
        }

        if (dora is not null)
        {
            WriteReport(context, dora, printed: !json);
        }
    }

    private static void PrintTable(BuildContext context, IReadOnlyList<DeploymentRecord> records, string? live, IEnumerable<TargetStatus> attention)
    {
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

    // With --output=json the figures are in the document and nothing else is printed: standard output stays one JSON document.
    private static void WriteReport(BuildContext context, DoraFigures dora, bool printed)
    {
        Directory.CreateDirectory(context.Paths.Reports);
        var file = Path.Combine(context.Paths.Reports, $"history-{context.EnvironmentName}.html");
        File.WriteAllText(file, context.Secrets.Masker.Apply(DoraReport.Html(dora)));
        GitHubActions.Current.AppendSummary(context.Secrets.Masker.Apply(DoraReport.Markdown(dora)));
        if (printed)
        {
            foreach (var (name, value) in DoraReport.Rows(dora))
            {
                context.Log.Information("{0}: {1}", name, value);
            }

            context.Log.Information("Report: {0}", Path.GetRelativePath(context.Paths.Root, file));
        }
    }
}
