using Cake.Core.Diagnostics;
using Pipeline.Core.Audit;
using Pipeline.Core.Backups;
using Pipeline.Core.Configuration;
using Pipeline.Core.Configuration.Model;
using Pipeline.Core.Deployment;
using Pipeline.Core.State;

namespace Pipeline.Build.Infrastructure;

/// <summary>The deployment services of one environment, composed from its validated configuration.</summary>
public sealed class Deployments(BuildContext context)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public IStateStore Store { get; } = CreateStore(context);

    public ReleaseServer Server { get; } = CreateServer(context);

    public AppSupervisor Supervisor => new(Server);

    public AppEndpoint Endpoint => new(context.Settings.Server, context.Settings.Deployment.HealthCheck, Http);

    public SqliteBackupService Backups => new(Store);

    public DeploymentHistory History => new(Store);

    public AuditJournal Audit => new(Store, context.Secrets.Masker);

    public DeployLock Lock => new(Store);

    public HttpClient HttpClient => Http;

    public string DatabaseFile => Path.Combine(Server.DataDirectory, context.Settings.Database.Path!);

    public DeploymentService Deployment() =>
        new(Server, Supervisor, Endpoint, Backups, History, Audit, AuditActor.Current(), context.Settings.Deployment.Retention, Progress);

    public RollbackService Rollback() =>
        new(Server, Supervisor, Endpoint, Backups, History, Audit, AuditActor.Current(), Progress);

    private void Progress(string line) => context.Log.Information(line);

    private static IStateStore CreateStore(BuildContext context)
    {
        var store = context.Settings.Deployment.StateStore;
        return store.Kind == StoreKind.Local
            ? new LocalStateStore(Path.Combine(context.Paths.Root, store.Path!))
            : throw new ConfigurationException(
                $"{context.Catalog.PathOf(context.EnvironmentName)}: $.deployment.stateStore.kind: \"s3\" is not supported by this version yet; expected \"local\".");
    }

    private static ReleaseServer CreateServer(BuildContext context)
    {
        var target = context.Settings.Deployment.Targets.FirstOrDefault(t => t.Kind == TargetKind.Local)
            ?? throw new ConfigurationException(
                $"{context.Catalog.PathOf(context.EnvironmentName)}: $.deployment.targets: no target of kind \"local\"; this version deploys the application to local targets only.");
        return new ReleaseServer(Path.Combine(context.Paths.Root, target.Path!));
    }
}
