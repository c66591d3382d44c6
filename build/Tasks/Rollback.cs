using Cake.Core.Diagnostics;
using Cake.Frosting;
using Pipeline.Build.Infrastructure;
using Pipeline.Core.Artifacts;
using Pipeline.Core.Audit;
using Pipeline.Core.Configuration;
using Pipeline.Core.Deployment;

namespace Pipeline.Build.Tasks;

[TaskName(nameof(Rollback))]
[TaskDescription("Rolls back --component=application|database|config|web|all (default application) --to=<version or backup id>; without --to, to the previous successful deploy in the recorded history. web publishes a kept front-end release live again without uploading. --component=database --migration=<version> runs the live release's down migrations to that version after a safety backup instead of restoring one. Recorded as a deployment of its own.")]
public sealed class Rollback : AsyncFrostingTask<BuildContext>, IPlannable
{
    public override async Task RunAsync(BuildContext context)
    {
        context.AcquireLock("rollback");
        var request = Request(context);
        if (request.Component == RollbackComponent.Web)
        {
            Report(context, await WebRollback(context).RollbackAsync(context.EnvironmentName, request.To, context.Builder).ConfigureAwait(false));
            return;
        }

        context.FromVersion = context.Deployments.Server.CurrentVersion();

        if (MigrationTarget(context, request) is { } migration)
        {
            var deployments = context.Deployments;
            var service = new MigrationRollbackService(deployments.Database, deployments.Server, deployments.Ledger, line => context.Log.Information(line));
            Report(context, service.Rollback(context.EnvironmentName, migration, context.Builder, context.Catalog.PathOf(context.EnvironmentName)));
            return;
        }

        DeployOutcome outcome;
        try
        {
            outcome = await context.Deployments.Rollback().RollbackAsync(request).ConfigureAwait(false);
        }
        catch (ReleaseNotKeptException notKept) when (request.Component == RollbackComponent.Application)
        {
            outcome = await RedeployAsync(context, notKept.Version).ConfigureAwait(false);
        }

        Report(context, outcome);
    }

    private static void Report(BuildContext context, DeployOutcome outcome)
    {
        context.Outcome = outcome;
        if (!outcome.Succeeded)
        {
            throw new InvalidOperationException(outcome.Summary);
        }

        context.Log.Information(outcome.Summary);
    }

    private static SiteRollbackService WebRollback(BuildContext context)
    {
        var deployments = context.Deployments;
        var site = deployments.Site ?? throw new ConfigurationException(
            $"--component=web: {context.Catalog.PathOf(context.EnvironmentName)} has no deployment target of kind \"s3\", so {context.EnvironmentName} has no web front end to roll back.");
        return new SiteRollbackService(site, deployments.Ledger);
    }

    // A release that is no longer kept comes back through the normal deploy path, recorded as a rollback.
    private static async Task<DeployOutcome> RedeployAsync(BuildContext context, string version)
    {
        var deployments = context.Deployments;
        var artifact = await new ReleaseRebuilder(context.Runner, context.Paths.Root, context.Paths.Artifacts)
            .ArtifactOfAsync(version, context.Settings, context.Builder, line => context.Log.Information(line))
            .ConfigureAwait(false);
        context.Artifact = artifact;
        var live = deployments.History.Successful() is [var newest, ..] ? newest.Id : null;
        var request = new DeployRequest(artifact, context.Settings, context.Catalog.PathOf(context.EnvironmentName), context.Builder, RollsBack: live);
        return await deployments.Deployment().DeployAsync(request).ConfigureAwait(false);
    }

    public void Plan(BuildContext context)
    {
        var request = Request(context);
        var history = context.Deployments.History;
        if (request.Component == RollbackComponent.Web)
        {
            var site = context.Deployments.Site;
            var liveSite = site?.LiveVersionAsync().GetAwaiter().GetResult();
            context.Log.Information(
                "  publish the web front end release {0} live again in {1} (live now: {2}); server-side copies only, HTML last, stale files deleted after",
                request.To ?? history.PreviousSiteVersion(liveSite) ?? "(nothing recorded)", site?.Description ?? "(no s3 target)", liveSite ?? "nothing");
            return;
        }

        context.Log.Information(
            "  roll back {0} of {1} from {2} to {3}",
            request.Component.ToString().ToLowerInvariant(),
            context.EnvironmentName,
            context.Deployments.Server.CurrentVersion() ?? "(nothing live)",
            request.To ?? (request.Component == RollbackComponent.Application ? history.PreviousVersion() : (history.Successful() is [var live, ..] ? live.BackupId : null)) ?? "(nothing recorded)");
    }

    // --migration=<version> asks for the down migrations to that version instead of a backup restore.
    private static int? MigrationTarget(BuildContext context, RollbackRequest request)
    {
        if (context.Argument(ArgumentNames.Migration) is not { } text)
        {
            return null;
        }

        if (request.Component != RollbackComponent.Database)
        {
            throw new ConfigurationException($"--migration: down migrations roll back the database only; use it with --component=database (found --component={request.Component.ToString().ToLowerInvariant()}).");
        }

        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version)
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
