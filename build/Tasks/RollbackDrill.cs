using Cake.Core.Diagnostics;
using Cake.Frosting;
using Pipeline.Build.Infrastructure;
using Pipeline.Core.Databases;
using Pipeline.Core.Deployment;

namespace Pipeline.Build.Tasks;

[TaskName(nameof(RollbackDrill))]
[ReadsArguments(ArgumentNames.Backup)]
[TaskDescription("Proves a backup restores, into a scratch database (never the live one), and reports recovery time and RPO.")]
public sealed class RollbackDrill : AsyncFrostingTask<BuildContext>, IPlannable
{
    public override async Task RunAsync(BuildContext context)
    {
        var deployments = context.Deployments;
        var database = deployments.Database;
        using var release = LiveRelease(context);
        var drill = new RollbackDrillService(database.Catalog, backup => database.Scratch(backup, context.Builder), line => context.Log.Information(line));
        var report = await drill.RunAsync(context.Argument(ArgumentNames.Backup), MigrationsDirectory(context, release), context.Settings.Database.HealthQuery).ConfigureAwait(false);
        deployments.Audit.Append(Core.Audit.AuditActor.Current(), new Core.Audit.AuditEntry(
            "rollback-drill", context.EnvironmentName, report.Passed ? "succeeded" : "failed", null, null, ["database"], [report.BackupId],
            report.Passed ? null : string.Join("; ", report.Mismatches), null));
        context.Log.Information(
            "Drill of backup {0}: recovery time {1:0.00} s, backup age (RPO) {2:0.0} h, {3} migration(s) applied, counts {4}",
            report.BackupId, report.RecoveryTime.TotalSeconds, report.BackupAge.TotalHours, report.MigrationsApplied, string.Join(", ", report.Counts.Select(c => $"{c.Key}={c.Value}")));
        if (!report.Passed)
        {
            throw new InvalidOperationException($"Rollback drill of backup {report.BackupId} failed: {string.Join("; ", report.Mismatches)}");
        }

        context.Log.Information("Rollback drill passed: backup {0} restores into a working database.", report.BackupId);
    }

    public void Plan(BuildContext context)
    {
        var database = context.Deployments.Database;
        var backup = context.Argument(ArgumentNames.Backup) ?? (database.Catalog.List() is [var newest, ..] ? newest.Id : "(no backups)");
        var live = context.Deployments.History.LiveVersion();
        context.Log.Information(
            "  restore backup {0} of {1} into a scratch copy, compare counts, migrate with {2}, run \"{3}\", remove the copy",
            backup, database.Description, live is null ? "the repository's migrations (nothing deployed)" : $"the migrations of the live release {live} (from its artifact)", context.Settings.Database.HealthQuery);
    }

    // The live release's artifact when something is deployed here; the repository's migrations otherwise.
    private static ReleaseFiles? LiveRelease(BuildContext context)
    {
        var deployments = context.Deployments;
        if (deployments.History.LiveVersion() is not { } live)
        {
            return null;
        }

        return deployments.ReleaseFilesOf(live) ?? throw new Core.Configuration.ConfigurationException(
            $"The artifact of the live release {live} is not in the artifact store {deployments.Artifacts.Location}; the drill needs its migrations. Publish it again with ./build.sh --target=Build --env={context.EnvironmentName} --app-version={live}.");
    }

    private static string MigrationsDirectory(BuildContext context, ReleaseFiles? release)
    {
        var database = context.Deployments.Database;
        if (release is not null)
        {
            return database.MigrationsIn(release.Directory);
        }

        return database.Engine == "postgresql"
            ? Path.Combine(context.Paths.Root, "db", "postgresql", "migrations")
            : Path.Combine(context.Paths.Root, "src", "Trading.App", "Migrations");
    }
}
