using System.Globalization;
using Cake.Core.Diagnostics;
using Cake.Frosting;
using Pipeline.Build.Infrastructure;
using Pipeline.Core.Configuration;

namespace Pipeline.Build.Tasks;

[TaskName(nameof(MigrationRepair))]
[ReadsArguments(ArgumentNames.Migration, ArgumentNames.BreakLock)]
[TaskDescription("Clears the failed state a migration left (--migration=<version>) once its cause is fixed; audited.")]
public sealed class MigrationRepair : FrostingTask<BuildContext>, IPlannable
{
    public override void Run(BuildContext context)
    {
        var version = Version(context);
        context.AcquireLock("migration-repair");
        var deployments = context.Deployments;
        var live = deployments.History.LiveVersion() ?? throw new ConfigurationException($"Nothing is deployed to {context.EnvironmentName}; there are no migrations to repair.");
        var database = deployments.Database;
        using var release = deployments.ReleaseFilesOf(live) ?? throw new ConfigurationException(
            $"The artifact of the live release {live} is not in the artifact store {deployments.Artifacts.Location}; its migrations are needed to repair. Publish it again with ./build.sh --target=Build --env={context.EnvironmentName} --app-version={live}.");
        database.Migrator(database.MigrationsIn(release.Directory), context.Builder).Repair(version);
        deployments.Audit.Append(Core.Audit.AuditActor.Current(), new Core.Audit.AuditEntry(
            "migration-repair", context.EnvironmentName, "succeeded", live, live, ["database"], [], $"cleared the failed state of migration {version}", null));
        context.Log.Information("Cleared the failed state of migration {0} in {1}; the next deploy runs it again.", version, database.Description);
    }

    public void Plan(BuildContext context) =>
        context.Log.Information("  clear the failed state of migration {0} in {1}", Version(context), context.Deployments.Database.Description);

    private static int Version(BuildContext context)
    {
        var text = context.Argument(ArgumentNames.Migration);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw new ConfigurationException($"--migration: \"{text ?? "(not given)"}\" is not a migration version; expected the number of the failed migration, e.g. --migration=3.");
    }
}
