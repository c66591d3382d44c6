using Pipeline.Core.Configuration.Model;

namespace Pipeline.Core.Configuration.Validation;

/// <summary>
/// A container target needs this machine's Docker engine (its socket), the address its front door owns, a directory
/// for its state, and a registry the Image target pushes to: the target pulls what was pushed there, by digest.
/// </summary>
public static class ContainerTargetRules
{
    public static void Check(DeploymentTarget target, ImageSettings? image, string path, Action<string, string, string> fail)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(fail);
        if (string.IsNullOrWhiteSpace(target.Socket))
        {
            fail($"{path}.socket", "nothing", "the absolute path of the Docker engine's unix socket on this machine, e.g. /var/run/docker.sock, for a container target");
        }
        else if (!target.Socket.StartsWith('/'))
        {
            fail($"{path}.socket", Quote(target.Socket), "an absolute path of a unix socket, e.g. /var/run/docker.sock (without unix://); engines on other hosts are not supported yet");
        }

        if (target.Url is null)
        {
            fail($"{path}.url", "nothing", "the base URL the app answers on, e.g. http://127.0.0.1:8080/, for a container target: its front door listens there");
        }
        else if (!Uri.TryCreate(target.Url, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttp)
        {
            fail($"{path}.url", Quote(target.Url), "an absolute http URL, e.g. http://127.0.0.1:8080/ (the front door forwards plain TCP to the container's private port)");
        }

        if (image?.Registry is null)
        {
            fail("$.deployment.image.registry", "nothing", $"the registry the Image target pushes to (host:port), for the container target {target.Name}: it pulls the image from there by digest");
        }

        foreach (var (key, value) in new[] { ("host", target.Host), ("user", target.User), ("hostKey", target.HostKey), ("service", target.Service) })
        {
            if (value is not null)
            {
                fail($"{path}.{key}", Quote(value), $"nothing: {key} is read only for ssh targets; a container target runs on this machine's engine");
            }
        }
    }

    private static string Quote(string value) => $"\"{value}\"";
}
