using Pipeline.Core.Configuration.Model;

namespace Pipeline.Core.Routing;

/// <summary>The router an environment's validated configuration describes.</summary>
public static class Routers
{
    // Long enough for the slowest order to finish; a request still in flight after it is cut by the restart.
    private static readonly TimeSpan DrainPatience = TimeSpan.FromSeconds(30);

    public static TargetRouting Create(RouterSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        IRouter router = settings.Kind switch
        {
            RouterKind.Haproxy => new HaproxyRouter(new HaproxyRuntimeApi(settings.AdminSocket!), settings.Backend!),
            _ => throw new NotSupportedException($"router kind {settings.Kind}"),
        };
        return new TargetRouting(router, settings.Servers, DrainPatience);
    }
}
