using Pipeline.Core.Configuration.Model;
using Pipeline.Core.Containers;
using Pipeline.Core.Deployment;
using Pipeline.Core.Processes;
using Pipeline.Core.Targets;
using Pipeline.Core.Targets.Ssh;

namespace Pipeline.Build.Infrastructure;

/// <summary>The application targets of an environment (kinds local, ssh and container), in the order its configuration lists them.</summary>
internal static class DeployTargets
{
    public static IReadOnlyList<IDeployTarget> Create(BuildContext context, HttpClient http)
    {
        var settings = context.Settings;
        var endpoint = new AppEndpoint(settings.Server, settings.Deployment.HealthCheck, http);
        return settings.Deployment.Targets
            .Select((t, i) => (Target: t, Index: i))
            .Where(t => TargetKinds.IsApplication(t.Target.Kind))
            .Select(IDeployTarget (t) => t.Target.Kind switch
            {
                TargetKind.Local => Local(context, t.Target, endpoint),
                TargetKind.Container when t.Target.Host is not null => SshContainer(context, t.Target, t.Index, http),
                TargetKind.Container => Container(context, t.Target, http),
                _ => Ssh(context, t.Target, t.Index, http),
            })
            .ToList();
    }

    private static LocalTarget Local(BuildContext context, DeploymentTarget target, AppEndpoint endpoint)
    {
        var server = new ReleaseServer(Path.Combine(context.Paths.Root, target.Path!));
        var file = context.Catalog.PathOf(context.EnvironmentName);
        var supervisor = new AppSupervisor(server, health: context.Settings.Deployment.HealthCheck, appSecrets: () => AppSecrets(context, file));
        return new LocalTarget(target.Name, server, supervisor, endpoint);
    }

    // Validation has made sure every key an ssh target needs is there; secrets are resolved only when used.
    private static SshTarget Ssh(BuildContext context, DeploymentTarget target, int index, HttpClient http)
    {
        var file = context.Catalog.PathOf(context.EnvironmentName);
        return new SshTarget(Connection(context, target, index), HostEndpoint(context, target, http), context.Settings.Deployment.HealthCheck, () => AppSecrets(context, file));
    }

    // A container target with a host: its engine's socket is a path on that host, reached as an ssh target's host is.
    private static SshContainerTarget SshContainer(BuildContext context, DeploymentTarget target, int index, HttpClient http)
    {
        var file = context.Catalog.PathOf(context.EnvironmentName);
        return new SshContainerTarget(Connection(context, target, index), target.Socket!, HostEndpoint(context, target, http), context.Settings.Deployment.HealthCheck, () => AppSecrets(context, file));
    }

    private static SshConnection Connection(BuildContext context, DeploymentTarget target, int index)
    {
        var where = $"{context.Catalog.PathOf(context.EnvironmentName)}: $.deployment.targets[{index}]";
        var host = new SshHost(target.Name, target.Host!, target.Port, target.User!, target.Path!);
        return new SshConnection(host, () => context.Secrets.Resolve(target.Identity!, $"{where}.identity"), HostKeyPin.Parse(target.HostKey!, $"{where}.hostKey"));
    }

    private static AppEndpoint HostEndpoint(BuildContext context, DeploymentTarget target, HttpClient http)
    {
        var url = new Uri(target.Url!);
        return new AppEndpoint(new ServerSettings { Host = url.Host, Port = url.Port, BaseUrl = target.Url! }, context.Settings.Deployment.HealthCheck, http);
    }

    // Validation has made sure the socket, url and path are there.
    private static ContainerTarget Container(BuildContext context, DeploymentTarget target, HttpClient http)
    {
        var settings = context.Settings;
        var file = context.Catalog.PathOf(context.EnvironmentName);
        var url = new Uri(target.Url!);
        var endpoint = new AppEndpoint(new ServerSettings { Host = url.Host, Port = url.Port, BaseUrl = target.Url! }, settings.Deployment.HealthCheck, http);
        var server = new ReleaseServer(Path.Combine(context.Paths.Root, target.Path!));
        var instance = new ContainerInstance(target.Name, target.Socket!, server.SettingsFile, server.DataDirectory, BaseImageRecipe.Default.AppUserId);
        return new ContainerTarget(target.Name, server, instance, endpoint, settings.Deployment.HealthCheck, CakeToolHost.Create(), () => AppSecrets(context, file));
    }

    // The app reads its connection string from the variable its settings name; it starts with a cleared environment, so it is given that variable.
    private static Dictionary<string, string> AppSecrets(BuildContext context, string file) =>
        context.Settings.Database.ConnectionString is { Source: SecretSource.Env } reference
            ? new Dictionary<string, string> { [reference.Name] = context.Secrets.Resolve(reference, $"{file}: $.database.connectionString") }
            : [];
}
