using Cake.Core.Diagnostics;
using Cake.Frosting;

namespace Pipeline.Build.Tasks;

[TaskName(nameof(ConfigBackup))]
[TaskDescription("Backs up the environment's configuration file with a manifest and a SHA-256 digest.")]
public sealed class ConfigBackup : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var backup = context.ConfigBackups.Backup(context.EnvironmentName, "ConfigBackup");
        context.Log.Information("Backed up {0} as {1} (sha256 {2}, {3} bytes) in {4}", backup.Environment, backup.Id, backup.Sha256, backup.Bytes, context.ConfigBackups.Root);
    }
}
