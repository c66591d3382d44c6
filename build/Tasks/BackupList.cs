using Cake.Core.Diagnostics;
using Cake.Frosting;

namespace Pipeline.Build.Tasks;

[TaskName(nameof(BackupList))]
[TaskDescription("Lists the environment's database backups, newest first.")]
public sealed class BackupList : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var backups = context.Deployments.Database.Catalog.List();
        foreach (var b in backups)
        {
            context.Log.Information(
                "{0}  {1:u}  {2}  {3,12:N0} bytes  schema {4}  {5}  live {6}  {7}",
                b.Id, b.Created, b.Engine, b.Bytes, b.SchemaVersion, string.Join(",", b.Tables.Select(t => $"{t.Key}={t.Value}")), b.LiveRelease ?? "-", b.Reason);
        }

        context.Log.Information("{0} backup(s) in {1}", backups.Count, context.Deployments.Store.Location);
    }
}
