using Cake.Core.Diagnostics;
using Pipeline.Core.Audit;
using Pipeline.Core.Aws;
using Pipeline.Core.Configuration;
using Pipeline.Core.Configuration.Model;
using Pipeline.Core.Databases;
using Pipeline.Core.Deployment;
using Pipeline.Core.State;

namespace Pipeline.Build.Infrastructure;

/// <summary>The deployment services of one environment, composed from its validated configuration.</summary>
public sealed class Deployments(BuildContext context)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private IDeployedDatabase? database;
    private ISiteComponent? site;
    private ReleaseServer? server;
    private bool siteCreated;

    public IStateStore Store { get; } = CreateStore(context);

    /// <summary>The local release server; an environment whose application targets are not local has none.</summary>
    public ReleaseServer Server => server ??= CreateServer(context);

    public AppSupervisor Supervisor => new(Server);

    public AppEndpoint Endpoint => new(context.Settings.Server, context.Settings.Deployment.HealthCheck, Http);

    public IDeployedDatabase Database => database ??= DeployedDatabases.Create(context, Store, () => Server);

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

    public DeploymentHistory History => new(Store);

    public AuditJournal Audit => new(Store, context.Secrets.Masker);

    public DeployLock Lock => new(Store);

    public DeploymentLedger Ledger => new(History, Audit, AuditActor.Current());

    public HttpClient HttpClient => Http;

    public DeploymentService Deployment() =>
        new(Server, Supervisor, Endpoint, Database, History, Audit, AuditActor.Current(), context.Settings.Deployment.Retention, Progress, Site);

    public RollbackService Rollback() =>
        new(Server, Supervisor, Endpoint, Database, History, Audit, AuditActor.Current(), Progress);

    private void Progress(string line) => context.Log.Information(line);

    private static IStateStore CreateStore(BuildContext context)
    {
        var store = context.Settings.Deployment.StateStore;
        if (store.Kind == StoreKind.Local)
        {
            return new LocalStateStore(Path.Combine(context.Paths.Root, store.Path!));
        }

        var endpoint = new S3Endpoint(store.Region ?? "us-east-1", store.Endpoint is null ? null : new Uri(store.Endpoint), store.ForcePathStyle);
        return new S3StateStore(S3ClientFactory.Create(endpoint), store.Bucket!, store.Prefix ?? string.Empty);
    }

    private static ReleaseServer CreateServer(BuildContext context)
    {
        var target = context.Settings.Deployment.Targets.FirstOrDefault(t => t.Kind == TargetKind.Local)
            ?? throw new ConfigurationException(
                $"{context.Catalog.PathOf(context.EnvironmentName)}: $.deployment.targets: no target of kind \"local\"; this version deploys the application to local targets only.");
        return new ReleaseServer(Path.Combine(context.Paths.Root, target.Path!));
    }
}
