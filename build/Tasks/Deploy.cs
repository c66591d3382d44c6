using Cake.Core.Diagnostics;
using Cake.Frosting;
using Pipeline.Build.Infrastructure;
using Pipeline.Core.Artifacts;
using Pipeline.Core.Deployment;
using Pipeline.Core.Deployment.Planning;

namespace Pipeline.Build.Tasks;

[TaskName(nameof(Deploy))]
[ReadsArguments(ArgumentNames.AppVersion, ArgumentNames.Approve, ArgumentNames.BreakLock, ArgumentNames.AllowContract, ArgumentNames.Drift, ArgumentNames.Promote, ArgumentNames.Abort)]
[TaskDescription("Deploys the version's verified artifact to --env's targets with its strategy; a failed check switches back.")]
[IsDependentOn(typeof(ValidateBuild))]
[IsDependentOn(typeof(Backup))]
public sealed class Deploy : AsyncFrostingTask<BuildContext>, IPlannable
{
    public override async Task RunAsync(BuildContext context)
    {
        if (context.CanaryOrder is { } order)
        {
            var holder = new CanaryOrders(context.Deployments.Store).Send(order, context.Builder, context.EnvironmentName);
            context.Log.Information("Asked the run holding the deploy lock of {0} ({1}) to {2} its canary; it acts on it within a second, between two measurements, and its log and record say so.", context.EnvironmentName, holder, order.ToString().ToLowerInvariant());
            return;
        }

        var drift = DriftArgument(context);
        var deployments = context.Deployments;
        var artifact = await context.ArtifactAsync().ConfigureAwait(false);
        new Promotion(context).Check(artifact);
        var interruption = context.Signals.Arm();
        context.AcquireLock("deploy");
        context.Artifact = artifact;
        context.FromVersion = deployments.History.LiveVersion();
        var request = new DeployRequest(artifact, context.Settings, context.Catalog.PathOf(context.EnvironmentName), context.Builder, context.BackupId, AllowContract: context.HasFlag(ArgumentNames.AllowContract), Drift: drift);
        var outcome = await deployments.Deployment().DeployAsync(request, interruption).ConfigureAwait(false);
        context.Outcome = outcome;
        if (!outcome.Succeeded)
        {
            throw new InvalidOperationException(outcome.Summary);
        }

        context.Log.Information(outcome.Summary);
    }

    private static DriftPolicy DriftArgument(BuildContext context) => context.Argument(ArgumentNames.Drift) switch
    {
        null or "refuse" => DriftPolicy.Refuse,
        "converge" => DriftPolicy.Converge,
        var other => throw new Pipeline.Core.Configuration.ConfigurationException(
            $"--drift: \"{other}\" is not a way to treat drift; expected refuse (the default: a deploy whose targets differ from the history stops before anything changes) or converge (move every target to the version deployed)."),
    };

    public void Plan(BuildContext context)
    {
        foreach (var line in PlanLines(context))
        {
            context.Log.Information("  {0}", line);
        }
    }

    // What cannot be known yet (no artifact, no database access) is said instead of failing the dry run.
    private static IEnumerable<string> PlanLines(BuildContext context)
    {
        var deployments = context.Deployments;
        var version = context.VersionAsync().GetAwaiter().GetResult();
        ArtifactLayout artifact;
        try
        {
            artifact = context.ArtifactAsync().GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is ArtifactNotFoundException or FileNotFoundException or InvalidDataException)
        {
            return DeployPlanner.Plan(deployments.Scope, UnknownFacts(context, version, ex.Message)).Describe();
        }

        using var release = ReleaseFiles.Extract(artifact);
        var request = new DeployRequest(artifact, context.Settings, context.Catalog.PathOf(context.EnvironmentName), context.Builder, context.BackupId);
        OperationPlan plan;
        try
        {
            plan = deployments.Deployment().Plan(request, release);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            plan = DeployPlanner.Plan(deployments.Scope, UnknownFacts(context, version, $"the database cannot be read now ({ex.Message})"));
        }

        var site = deployments.Site;
        var siteLines = site is null ? [] : site.PlanAsync(version, site.SourceIn(release.Directory)).GetAwaiter().GetResult();
        return plan.Describe().Concat(siteLines.Select(l => $"  {l}"));
    }

    private static DeployFacts UnknownFacts(BuildContext context, string version, string why)
    {
        var deployments = context.Deployments;
        return new DeployFacts(
            version, null, deployments.Artifacts.Location, deployments.History.LiveVersion(), null, null, why, context.BackupId,
            context.Settings.Database.Engine.ToString(), deployments.Site?.Description);
    }
}
