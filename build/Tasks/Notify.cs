using Cake.Core.Diagnostics;
using Cake.Frosting;
using Pipeline.Core.Ci;
using Pipeline.Core.Notifications;

namespace Pipeline.Build.Tasks;

[TaskName(nameof(Notify))]
[TaskDescription("Reports the deploy or rollback on the console, in the state store, and to Slack and email when configured.")]
[IsDependentOn(typeof(Deploy))]
public sealed class Notify : AsyncFrostingTask<BuildContext>
{
    public override Task RunAsync(BuildContext context)
    {
        Send(context);
        return Task.CompletedTask;
    }

    /// <summary>True when the run set out to deploy, roll back or notify: its failure, wherever it happened, is reported.</summary>
    public static bool Applies(BuildContext context) =>
        context.CanaryOrder is null && (context.Outcome is not null || context.PlannedTasks.Any(t => t is nameof(Notify) or nameof(Deploy) or nameof(Rollback)));

    public static void Send(BuildContext context)
    {
        context.Notified = true;
        var outcome = context.Outcome;
        var failure = context.Failure;
        var notice = new DeploymentNotice(
            Target: context.Stages.LastOrDefault(s => s.Name is nameof(Deploy) or nameof(Rollback))?.Name ?? nameof(Deploy),
            Environment: context.EnvironmentName,
            Outcome: failure is null ? "succeeded" : outcome?.Record.Status == Core.Deployment.DeploymentStatus.RolledBack ? "rolled back" : "failed",
            Who: context.Builder,
            FromVersion: outcome?.Record.FromVersion ?? context.FromVersion,
            ToVersion: outcome?.Record.ToVersion ?? context.Artifact?.Version,
            Duration: context.Stages.Aggregate(TimeSpan.Zero, (total, s) => total + s.Duration),
            Stages: [.. context.Stages],
            FailedTask: failure?.Task,
            FailureReason: failure is null ? null : WithoutLocalPaths(failure.Value.Reason, context.Paths.Root),
            ArtifactsLink: GitHubActions.Current.RunUrl,
            At: DateTimeOffset.UtcNow,
            AuditHead: context.Deployments.Audit.Head()?.ToString(),
            Reconciliation: outcome?.Record.ReconciliationFile is { } file ? $"{outcome.Record.ReconciledRows} row(s) written since backup {outcome.Record.BackupId} were taken out of the database by the restore; they are in {file}" : null,
            Measurements: outcome?.Record.Analysis?.Select(m => m.ToString()).ToList());

        var channels = NotificationChannels.From(
            context.Settings.Notifications, context.Secrets, context.Deployments.Store, context.Deployments.HttpClient, line => context.Log.Information(line));
        var results = new Notifier(channels, context.Secrets.Masker).SendAsync(notice).GetAwaiter().GetResult();
        foreach (var result in results)
        {
            if (result.Sent)
            {
                context.Log.Verbose("Notification sent: {0}", result.Channel);
            }
            else
            {
                context.Log.Warning("Notification to {0} could not be sent: {1}", result.Channel, result.Error ?? "unknown error");
            }
        }
    }

    // A notice goes to people who are not on the machine that ran: the repository's paths are said relative to it.
    private static string WithoutLocalPaths(string text, string root) =>
        text.Replace(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, string.Empty, StringComparison.Ordinal);
}
