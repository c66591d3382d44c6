using Pipeline.Core.Configuration.Model;

namespace Pipeline.Core.Configuration.Validation;

/// <summary>A router must say where the balancer is and name a server for every application target, and only for those.</summary>
public static class RouterRules
{
    public static void Check(RouterSettings router, IReadOnlyList<DeploymentTarget> targets, Action<string, string, string> fail)
    {
        ArgumentNullException.ThrowIfNull(router);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(fail);
        if (router.Kind == RouterKind.Haproxy && string.IsNullOrWhiteSpace(router.AdminSocket))
        {
            fail("$.deployment.router.adminSocket", "nothing", "the path of haproxy's admin socket (its \"stats socket PATH level admin\" line)");
        }

        if (string.IsNullOrWhiteSpace(router.Backend))
        {
            fail("$.deployment.router.backend", "nothing", "the name of the backend whose servers are the application targets");
        }

        var application = targets.Where(t => TargetKinds.IsApplication(t.Kind)).Select(t => t.Name).ToList();
        foreach (var missing in application.Where(name => !router.Servers.ContainsKey(name)))
        {
            fail("$.deployment.router.servers", $"no server for target {missing}", $"a server name for every application target ({string.Join(", ", application)})");
        }

        foreach (var unknown in router.Servers.Keys.Where(name => !application.Contains(name)))
        {
            fail($"$.deployment.router.servers.{unknown}", Quote(router.Servers[unknown]), $"servers only for application targets ({string.Join(", ", application)}); there is no local, ssh or container target {unknown}");
        }

        foreach (var twice in router.Servers.GroupBy(s => s.Value, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            fail("$.deployment.router.servers", $"server {twice.Key} for {string.Join(" and ", twice.Select(s => s.Key))}", "a server of its own for each target");
        }
    }

    private static string Quote(string value) => $"\"{value}\"";
}
