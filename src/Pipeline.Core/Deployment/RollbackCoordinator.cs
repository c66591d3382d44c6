using Pipeline.Core.Configuration;

namespace Pipeline.Core.Deployment;

/// <summary>
/// The one entry to every rollback: the web front end (a kept release published again), down migrations (on request),
/// the application, database and configuration (<see cref="RollbackService"/>), and a release no longer kept, which
/// comes back through the deploy path (<paramref name="redeploy"/>), recorded as a rollback.
/// </summary>
public sealed class RollbackCoordinator(
    string environment,
    Func<RollbackService> rollbacks,
    SiteRollbackService? site,
    MigrationRollbackService migrations,
    Func<string, Task<DeployOutcome>> redeploy)
{
    public async Task<DeployOutcome> RollbackAsync(RollbackRequest request, int? migration, CancellationToken cancellationToken = default)
    {
        if (request.Component == RollbackComponent.Web)
        {
            return await Site().RollbackAsync(environment, request.To, request.Who, cancellationToken).ConfigureAwait(false);
        }

        if (migration is { } version)
        {
            RequireDatabase(request);
            return migrations.Rollback(environment, version, request.Who, request.ConfigFile);
        }

        try
        {
            return await rollbacks().RollbackAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (ReleaseNotKeptException notKept) when (request.Component == RollbackComponent.Application)
        {
            return await redeploy(notKept.Version).ConfigureAwait(false);
        }
    }

    /// <summary>What <see cref="RollbackAsync"/> would do, as --dryrun prints it.</summary>
    public async Task<IReadOnlyList<string>> PlanAsync(RollbackRequest request, int? migration, DeploymentHistory history, CancellationToken cancellationToken = default)
    {
        if (request.Component == RollbackComponent.Web)
        {
            var live = await Site().LiveVersionAsync(cancellationToken).ConfigureAwait(false);
            return [$"publish the web front end release {request.To ?? history.PreviousSiteVersion(live) ?? "(nothing recorded)"} live again (live now: {live ?? "nothing"}); server-side copies only, HTML last, stale files deleted after"];
        }

        if (migration is { } version)
        {
            RequireDatabase(request);
            return [$"back up the database, then run the down migrations of the live release {history.LiveVersion() ?? "(none)"} to schema version {version}"];
        }

        try
        {
            return (await rollbacks().PlanAsync(request, cancellationToken).ConfigureAwait(false)).Describe().ToList();
        }
        catch (ReleaseNotKeptException notKept)
        {
            return [$"release {notKept.Version} is no longer kept: deploy it again through the deploy path (its artifact from the store, else rebuilt from its commit), recorded as a rollback"];
        }
        catch (Exception ex) when (ex is ConfigurationException or Backups.BackupException)
        {
            return [$"refused: {ex.Message}"];
        }
    }

    private SiteRollbackService Site() => site ?? throw new ConfigurationException(
        $"--component=web: {environment} has no deployment target of kind \"s3\", so it has no web front end to roll back.");

    private static void RequireDatabase(RollbackRequest request)
    {
        if (request.Component != RollbackComponent.Database)
        {
            throw new ConfigurationException($"--migration: down migrations roll back the database only; use it with --component=database (found --component={request.Component.ToString().ToLowerInvariant()}).");
        }
    }
}
