using Cake.Core.Diagnostics;
using Cake.Frosting;
using Pipeline.Build.Infrastructure;
using Pipeline.Core.Artifacts;
using Pipeline.Core.Deployment;

namespace Pipeline.Build.Tasks;

[TaskName(nameof(Deploy))]
[TaskDescription("Deploys the validated artifact: unpacks releases/<version>/, uploads the web front end's release to S3 (s3 target), links the environment's settings, applies pending migrations, publishes the front end live (HTML last) and invalidates CloudFront, switches current atomically, restarts the app and checks its health; a failed check puts the last good release (and, if migrations ran, the database) back. --app-version picks a built artifact; --break-lock breaks a stale lock (audited).")]
[IsDependentOn(typeof(ValidateBuild))]
[IsDependentOn(typeof(Backup))]
public sealed class Deploy : AsyncFrostingTask<BuildContext>, IPlannable
{
    public override async Task RunAsync(BuildContext context)
    {
        context.AcquireLock("deploy");
        var deployments = context.Deployments;
        var artifact = await context.ArtifactAsync().ConfigureAwait(false);
        context.Artifact = artifact;
        context.FromVersion = deployments.Server.CurrentVersion();
        var request = new DeployRequest(artifact, context.Settings, context.Catalog.PathOf(context.EnvironmentName), context.Builder, context.BackupId);
        var outcome = await deployments.Deployment().DeployAsync(request).ConfigureAwait(false);
        context.Outcome = outcome;
        if (!outcome.Succeeded)
        {
            throw new InvalidOperationException(outcome.Summary);
        }

        context.Log.Information(outcome.Summary);
    }

    public void Plan(BuildContext context)
    {
        var artifact = context.ArtifactAsync().GetAwaiter().GetResult();
        var plan = context.Deployments.Deployment().PlanFromArchive(new DeployRequest(artifact, context.Settings, context.Catalog.PathOf(context.EnvironmentName), context.Builder));
        foreach (var line in plan.Describe())
        {
            context.Log.Information("  {0}", line);
        }

        if (context.Deployments.Site is { } site)
        {
            foreach (var line in SitePlan(site, artifact.ArchivePath, artifact.Version))
            {
                context.Log.Information("  {0}", line);
            }
        }
    }

    private static IReadOnlyList<string> SitePlan(ISiteComponent site, string archive, string version)
    {
        var scratch = Directory.CreateTempSubdirectory("pipeline-site-plan-").FullName;
        try
        {
            DeterministicArchive.Extract(archive, scratch);
            return site.PlanAsync(version, site.SourceIn(scratch)).GetAwaiter().GetResult();
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }
}
