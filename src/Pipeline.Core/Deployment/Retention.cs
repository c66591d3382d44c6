using Pipeline.Core.Backups;
using Pipeline.Core.Configuration.Model;

namespace Pipeline.Core.Deployment;

/// <summary>
/// Keeps the releases and backups a rollback may need. What is kept is decided from the recorded history
/// of successful deploys, so however many deploys fail in a row, the live release and the last good one
/// (and the backups their deploys took) are never deleted.
/// </summary>
public sealed class Retention(ReleaseServer server, BackupCatalog backups, DeploymentHistory history, RetentionSettings settings, Action<string> progress)
{
    public void Apply()
    {
        var successful = history.Successful();
        var releases = successful.Select(r => r.ToVersion!).Distinct(StringComparer.Ordinal).Take(settings.Releases).ToHashSet(StringComparer.Ordinal);
        foreach (var removed in server.Cleanup(releases))
        {
            progress($"removed release {removed} (not among the last {settings.Releases} successful ones)");
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
