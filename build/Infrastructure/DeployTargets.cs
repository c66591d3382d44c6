using Pipeline.Core.Configuration.Model;
using Pipeline.Core.Deployment;
using Pipeline.Core.Targets;

namespace Pipeline.Build.Infrastructure;

/// <summary>The application targets of an environment (kinds local and ssh), in the order its configuration lists them.</summary>
internal static class DeployTargets
{
    public static IReadOnlyList<IDeployTarget> Create(BuildContext context, HttpClient http)
    {
        var settings = context.Settings;
        var endpoint = new AppEndpoint(settings.Server, settings.Deployment.HealthCheck, http);
        return settings.Deployment.Targets
            .Where(t => t.Kind is TargetKind.Local or TargetKind.Ssh)
            .Select(IDeployTarget (t) => t.Kind == TargetKind.Local
                ? Local(context, t, endpoint)
                : new UnsupportedTarget(t.Name, "ssh", $"{t.Host}:{t.Path}", new Uri($"http://{t.Host}:{settings.Server.Port}/")))
            .ToList();
    }

    private static LocalTarget Local(BuildContext context, DeploymentTarget target, AppEndpoint endpoint)
    {
        var server = new ReleaseServer(Path.Combine(context.Paths.Root, target.Path!));
        return new LocalTarget(target.Name, server, new AppSupervisor(server), endpoint);
    }
}
