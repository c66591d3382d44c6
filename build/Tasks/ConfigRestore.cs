using Cake.Core.Diagnostics;
using Cake.Frosting;
using Pipeline.Build.Infrastructure;

namespace Pipeline.Build.Tasks;

[TaskName(nameof(ConfigRestore))]
[ReadsArguments(ArgumentNames.Backup)]
[TaskDescription("Restores a configuration backup (--backup=<id>) after verifying it; lists the backups without one.")]
public sealed class ConfigRestore : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var store = context.ConfigBackups;
        var id = context.Argument(ArgumentNames.Backup);
        if (string.IsNullOrWhiteSpace(id))
        {
            var backups = store.List(context.EnvironmentName);
            context.Log.Information("{0} backup(s) of {1}; restore one with --backup=<id>:", backups.Count, context.EnvironmentName);
            foreach (var backup in backups)
            {
                context.Log.Information("  {0}  {1:u}  {2}  {3}", backup.Id, backup.CreatedAt, backup.CreatedBy, backup.Reason);
            }

            return;
        }

        var safety = store.Restore(context.EnvironmentName, id);
        context.Log.Information("Restored {0} from backup {1}; the previous file was backed up first as {2}.", context.EnvironmentName, id, safety.Id);
    }
}
