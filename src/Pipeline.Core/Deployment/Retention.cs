using Pipeline.Core.Backups;
using Pipeline.Core.Configuration.Model;
using Pipeline.Core.Targets;

namespace Pipeline.Core.Deployment;

/// <summary>
/// Keeps the releases and backups a rollback may need. What is kept is decided from the recorded history
/// of successful deploys, so however many deploys fail in a row, the live release and the last good one
/// (and the backups their deploys took) are never deleted, on any target.
/// </summary>
public sealed class Retention(IReadOnlyList<IDeployTarget> targets, BackupCatalog backups, DeploymentHistory history, RetentionSettings settings, Action<string> progress)
{
    public async Task ApplyAsync(CancellationToken cancellationToken = default)
    {
        // Read everything first: a record that cannot be read stops the clean-up before anything is deleted.
        var successful = history.Successful();
        if (successful.Count == 0)
        {
            progress("clean-up skipped: the history records no successful deploy, so nothing shows which releases and backups a rollback needs");
            return;
        }

        var releases = successful.Select(r => r.ToVersion!).Distinct(StringComparer.Ordinal).Take(settings.Releases).ToHashSet(StringComparer.Ordinal);
        var removedOn = await TargetThreads.RunAsync(targets, t => t.CleanupAsync(releases, cancellationToken)).ConfigureAwait(false);
        foreach (var (target, removed) in targets.Zip(removedOn).SelectMany(p => p.Second.Select(version => (p.First, version))))
        {
            progress($"removed release {removed} from {target.Name} (not among the last {settings.Releases} successful ones)");
        }

        // Safety backups hold what a restore replaced (orders written during a failed deploy): never removed here.
        var protectedBackups = successful.Take(settings.Releases).Select(r => r.BackupId)
            .Concat(history.All().Select(r => r.SafetyBackupId))
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        foreach (var removed in backups.ApplyRetention(settings.Backups, settings.BackupMaxAgeDays, protectedBackups))
        {
            progress($"removed backup {removed} (beyond the newest {settings.Backups}{(settings.BackupMaxAgeDays > 0 ? $" or older than {settings.BackupMaxAgeDays} days" : string.Empty)})");
        }
    }
}
