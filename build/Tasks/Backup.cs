using Cake.Core.Diagnostics;
using Cake.Frosting;
using Pipeline.Build.Infrastructure;
using Pipeline.Core.Backups;

namespace Pipeline.Build.Tasks;

[TaskName(nameof(Backup))]
[ReadsArguments(ArgumentNames.BreakLock)]
[TaskDescription("Takes the deploy lock and backs up the database, the live release pointer and the configuration.")]
public sealed class Backup : FrostingTask<BuildContext>, IPlannable
{
    public override void Run(BuildContext context)
    {
        context.AcquireLock("backup");
        var deployments = context.Deployments;
        var database = deployments.Database;
        if (!database.Exists())
        {
            context.Log.Information("No {0} yet (nothing deployed); nothing to back up.", database.Description);
            return;
        }

        var manifest = database.Backup(
            new BackupContext(context.EnvironmentName, context.Builder, deployments.History.LiveVersion(), context.Catalog.PathOf(context.EnvironmentName), null, "Backup target"));
        context.BackupId = manifest.Id;
        context.Log.Information(
            "Backup {0} of {1} ({2}): {3:N0} bytes in {4} ms, sha256 {5}, schema {6}, {7}; live release {8}; in {9}",
            manifest.Id, database.Description, manifest.ServerVersion, manifest.Bytes, manifest.DurationMs, manifest.Sha256, manifest.SchemaVersion,
            string.Join(", ", manifest.Tables.Select(t => $"{t.Key}={t.Value}")), manifest.LiveRelease ?? "(none)", deployments.Store.Location);
    }

    // Named from the configuration, not the live connection: a dry run needs no database secret.
    public void Plan(BuildContext context) =>
        context.Log.Information(
            "  back up the {0} database and {1} into {2}",
            Pipeline.Core.Configuration.EnumNames.Of(context.Settings.Database.Engine),
            context.Catalog.PathOf(context.EnvironmentName),
            context.Deployments.Store.Location);
}
