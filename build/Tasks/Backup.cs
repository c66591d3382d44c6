using Cake.Core.Diagnostics;
using Cake.Frosting;
using Pipeline.Build.Infrastructure;
using Pipeline.Core.Backups;

namespace Pipeline.Build.Tasks;

[TaskName(nameof(Backup))]
[TaskDescription("Takes the deploy lock and backs up the environment's database (online, verified: integrity check and row counts), the live release pointer and the configuration into the state store; keeps the newest retention.backups.")]
public sealed class Backup : FrostingTask<BuildContext>, IPlannable
{
    public override void Run(BuildContext context)
    {
        context.AcquireLock("backup");
        var deployments = context.Deployments;
        if (!File.Exists(deployments.DatabaseFile))
        {
            context.Log.Information("No database at {0} yet (nothing deployed); nothing to back up.", deployments.DatabaseFile);
            return;
        }

        var manifest = deployments.Backups.Backup(
            deployments.DatabaseFile,
            new BackupContext(context.EnvironmentName, context.Builder, deployments.Server.CurrentVersion(), context.Catalog.PathOf(context.EnvironmentName), null, "Backup target"));
        context.BackupId = manifest.Id;
        context.Log.Information(
            "Backup {0}: {1:N0} bytes, sha256 {2}, schema {3}, {4}; live release {5}; in {6}",
            manifest.Id, manifest.Bytes, manifest.Sha256, manifest.SchemaVersion,
            string.Join(", ", manifest.Tables.Select(t => $"{t.Key}={t.Value}")), manifest.LiveRelease ?? "(none)", deployments.Store.Location);
    }

    public void Plan(BuildContext context) =>
        context.Log.Information("  back up {0} and {1} into {2}", context.Deployments.DatabaseFile, context.Catalog.PathOf(context.EnvironmentName), context.Deployments.Store.Location);
}
