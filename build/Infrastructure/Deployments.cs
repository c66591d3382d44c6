using Cake.Core.Diagnostics;
using Pipeline.Core.Artifacts;
using Pipeline.Core.Audit;
using Pipeline.Core.Aws;
using Pipeline.Core.Configuration.Model;
using Pipeline.Core.Databases;
using Pipeline.Core.Deployment;
using Pipeline.Core.Routing;
using Pipeline.Core.State;
using Pipeline.Core.Targets;

namespace Pipeline.Build.Infrastructure;

/// <summary>The deployment services of one environment, composed from its validated configuration.</summary>
public sealed class Deployments(BuildContext context)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private IDeployedDatabase? database;
    private ISiteComponent? site;
    private IReadOnlyList<IDeployTarget>? targets;
    private bool siteCreated;

    public IStateStore Store { get; } = CreateStore(context.Settings.Deployment.StateStore, context.Paths.Root);

    public ArtifactStore Artifacts { get; } = new(CreateStore(context.Settings.Deployment.ArtifactStore, context.Paths.Root), context.Paths.ArtifactCache);

    /// <summary>The application targets (kinds local and ssh), in the order the configuration lists them.</summary>
    public IReadOnlyList<IDeployTarget> Targets => targets ??= DeployTargets.Create(context, Http);

    public IDeployedDatabase Database => database ??= DeployedDatabases.Create(context, Store, () => Targets);

    /// <summary>The web front end in S3, when one of the environment's targets is of kind s3.</summary>
    public ISiteComponent? Site
    {
        get
        {
            if (!siteCreated)
            {
                (site, siteCreated) = (SiteComponents.Create(context), true);
            }

            return site;
        }
    }

    public HttpClient HttpClient => Http;

    public DeploymentHistory History => new(Store);

    public AuditJournal Audit => new(Store, context.Secrets.Masker);

    public DeployLock Lock => new(Store);

    public DeploymentLedger Ledger => new(History, Audit, AuditActor.Current(), context.Approval);

    public DeployEnvironment Environment => new(
        context.EnvironmentName, Targets, Database, Site, Ledger, context.Settings.Deployment.Retention, context.Settings.Deployment.Strategy)
    {
        Routing = Routing,
    };

    /// <summary>What a plan needs, without the database or its secrets (a dry run works without them).</summary>
    public DeployScope Scope => new(context.EnvironmentName, Targets, context.Settings.Deployment.Retention, context.Settings.Deployment.Strategy)
    {
        Router = Routing?.Description,
        Colours = BlueGreenColours.Of(context.Settings.Deployment.Strategy, History),
    };

    /// <summary>The load balancer in front of the application targets, when the environment has one.</summary>
    public TargetRouting? Routing => context.Settings.Deployment.Router is { } router ? Routers.Create(router) : null;

    public DeploymentService Deployment() => new(Environment, Progress);

    public RollbackService Rollback() => new(Environment, ReleaseFilesOf, Progress) { ReleasePaths = version => Artifacts.Find(version)?.Files.Select(f => f.Path).ToList() };

    /// <summary>The files of a release, from its artifact in the artifact store; null when the store has none.</summary>
    public ReleaseFiles? ReleaseFilesOf(string version)
    {
        if (Artifacts.Find(version) is null)
        {
            return null;
        }

        return ReleaseFiles.Extract(Artifacts.Fetch(version, context.EnvironmentName));
    }

    private void Progress(string line)
    {
        context.Steps.Observe(line);
        context.Log.Information(line);
    }

    /// <summary>A state or artifact store as configured: a directory relative to the repository, or an S3 bucket.</summary>
    public static IStateStore CreateStore(StoreSettings store, string root)
    {
        if (store.Kind == StoreKind.Local)
        {
            return new LocalStateStore(Path.Combine(root, store.Path!));
        }

        var endpoint = new S3Endpoint(store.Region ?? "us-east-1", store.Endpoint is null ? null : new Uri(store.Endpoint), store.ForcePathStyle);
        return new S3StateStore(S3ClientFactory.Create(endpoint), store.Bucket!, store.Prefix ?? string.Empty);
    }
}
