using Cake.Core.Diagnostics;
using Cake.Frosting;
using Pipeline.Build.Infrastructure;

namespace Pipeline.Build.Tasks;

[TaskName(nameof(BackupVerify))]
[ReadsArguments(ArgumentNames.Backup)]
[TaskDescription("Verifies a backup (--backup, default the newest) by sha256 and the engine's own check, restoring nothing.")]
public sealed class BackupVerify : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var database = context.Deployments.Database;
        var id = context.Argument(ArgumentNames.Backup) is { Length: > 0 } given
            ? given
            : database.Catalog.List() is [var newest, ..] ? newest.Id : throw new InvalidOperationException($"There are no backups in {database.Catalog.Location}; nothing to verify.");
        var manifest = database.Catalog.Require(id);
        var problems = database.Verify(id);
        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"Backup {id} does not verify: {string.Join("; ", problems)}");
        }

        context.Log.Information(
            "Backup {0} verifies: {1} {2}, {3:N0} bytes, sha256 {4}, schema {5}, {6}, taken {7:u} by {8}",
            id, manifest.Engine, manifest.Database, manifest.Bytes, manifest.Sha256, manifest.SchemaVersion,
            string.Join(", ", manifest.Tables.Select(t => $"{t.Key}={t.Value}")), manifest.Created, manifest.CreatedBy);
    }
}
