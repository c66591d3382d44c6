using System.Globalization;
using Cake.Core.Diagnostics;
using Cake.Frosting;
using Pipeline.Build.Infrastructure;
using Pipeline.Core.Artifacts;
using Pipeline.Core.Configuration;
using Pipeline.Core.Deployment;

namespace Pipeline.Build.Tasks;

[TaskName(nameof(Rollback))]
[ReadsArguments(ArgumentNames.Component, ArgumentNames.To, ArgumentNames.Migration, ArgumentNames.Approve, ArgumentNames.BreakLock)]
[TaskDescription("Rolls back --component=application|database|config|web|all (default application) --to=<version or backup id>; without --to, to the previous successful deploy in the recorded history. application cuts every target over to a kept release with the environment's strategy; web publishes a kept front-end release live again without uploading. database stops writes (503 with Retry-After), saves every row written since the backup to reconciliation/<env>/<rollback id>.json in the state store, restores it, keeps ids above every id issued, then lets writes go on. --component=database --migration=<version> runs the live release's down migrations to that version after a safety backup instead of restoring one. --approve where deployment.requireApproval. Recorded as a deployment of its own.")]
public sealed class Rollback : AsyncFrostingTask<BuildContext>, IPlannable
{
    public override async Task RunAsync(BuildContext context)
    {
        var request = Request(context);
        var migration = MigrationTarget(context);
        context.AcquireLock("rollback");
        context.FromVersion = context.Deployments.History.LiveVersion();
        var outcome = await Coordinator(context, request).RollbackAsync(request, migration).ConfigureAwait(false);
        context.Outcome = outcome;
        if (!outcome.Succeeded)
        {
            throw new InvalidOperationException(outcome.Summary);
        }

        context.Log.Information(outcome.Summary);
    }

    public void Plan(BuildContext context)
    {
        var request = Request(context);
        var lines = Coordinator(context, request).PlanAsync(request, MigrationTarget(context), context.Deployments.History).GetAwaiter().GetResult();
        foreach (var line in lines)
        {
            context.Log.Information("  {0}", line);
        }
    }

    private static RollbackCoordinator Coordinator(BuildContext context, RollbackRequest request)
    {
        var deployments = context.Deployments;
        var migrations = new MigrationRollbackService(deployments.Database, deployments.ReleaseFilesOf, deployments.Ledger, line => context.Log.Information(line));
        var site = deployments.Site is { } component ? new SiteRollbackService(component, deployments.Ledger) : null;
        return new RollbackCoordinator(context.EnvironmentName, deployments.Rollback, site, migrations, version => RedeployAsync(context, version));
    }

    // A release that is no longer kept comes back through the normal deploy path, recorded as a rollback.
    private static async Task<DeployOutcome> RedeployAsync(BuildContext context, string version)
    {
        var deployments = context.Deployments;
        var artifact = deployments.Artifacts.Find(version) is not null
            ? deployments.Artifacts.Fetch(version, context.EnvironmentName)
            : await new ReleaseRebuilder(context.Runner, context.Paths.Root, context.Paths.Artifacts)
                .ArtifactOfAsync(version, context.Builder, line => context.Log.Information(line))
                .ConfigureAwait(false);
        deployments.Artifacts.Publish(artifact);
        context.Artifact = artifact;
        var live = deployments.History.Successful() is [var newest, ..] ? newest.Id : null;
        var request = new DeployRequest(artifact, context.Settings, context.Catalog.PathOf(context.EnvironmentName), context.Builder, RollsBack: live);
        return await deployments.Deployment().DeployAsync(request).ConfigureAwait(false);
    }

    // --migration=<version> asks for the down migrations to that version instead of a backup restore.
    private static int? MigrationTarget(BuildContext context)
    {
        if (context.Argument(ArgumentNames.Migration) is not { } text)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw new ConfigurationException($"--migration: \"{text}\" is not a schema version; expected the version to migrate down to, e.g. --migration=2.");
    }

    private static RollbackRequest Request(BuildContext context)
    {
        var text = context.Argument(ArgumentNames.Component) ?? "application";
        if (!Enum.TryParse<RollbackComponent>(text, ignoreCase: true, out var component) || int.TryParse(text, out _))
        {
            throw new ConfigurationException($"--component: \"{text}\" is not a component; expected application, database, config, web or all.");
        }

        return new RollbackRequest(component, context.Argument(ArgumentNames.To), context.Settings, context.Catalog.PathOf(context.EnvironmentName), context.Paths.ConfigBackups, context.Builder);
    }
}
