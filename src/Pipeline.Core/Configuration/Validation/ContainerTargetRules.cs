using Pipeline.Core.Configuration.Model;

namespace Pipeline.Core.Configuration.Validation;

/// <summary>
/// A container target needs a Docker engine (its socket: on this machine, or on the host reached over SSH when the
/// target has a host, whose keys are then checked as an ssh target's), the address its front door owns, a directory
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
            fail($"{path}.socket", "nothing", "the absolute path of the Docker engine's unix socket on this machine (on the host, when host is given), e.g. /var/run/docker.sock, for a container target");
        }
        else if (!target.Socket.StartsWith('/'))
        {
            fail($"{path}.socket", Quote(target.Socket), "an absolute path of a unix socket, e.g. /var/run/docker.sock (without unix://); an engine on another host is reached over SSH with host, user, identity and hostKey");
        }

        // With a host, the url is checked with the other ssh keys.
        if (target.Host is null)
        {
            CheckUrl(target.Url, path, fail);
        }

        if (image?.Registry is null)
        {
            fail("$.deployment.image.registry", "nothing", $"the registry the Image target pushes to (host:port), for the container target {target.Name}: it pulls the image from there by digest");
        }

        if (target.Service is not null)
        {
            fail($"{path}.service", Quote(target.Service), "nothing: service is read only for ssh targets; a container target's front door runs the container");
        }

        foreach (var (key, value) in new[] { ("user", target.User), ("hostKey", target.HostKey) })
        {
            if (value is not null && target.Host is null)
            {
                fail($"{path}.{key}", Quote(value), $"nothing without host: {key} is read for ssh targets and container targets on a host reached over SSH; give host too, or leave {key} out to use this machine's engine");
            }
        }
    }

    private static void CheckUrl(string? value, string path, Action<string, string, string> fail)
    {
        if (value is null)
        {
            fail($"{path}.url", "nothing", "the base URL the app answers on, e.g. http://127.0.0.1:8080/, for a container target: its front door listens there");
        }
        else if (!Uri.TryCreate(value, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttp)
        {
            fail($"{path}.url", Quote(value), "an absolute http URL, e.g. http://127.0.0.1:8080/ (the front door forwards plain TCP to the container's private port)");
        }
    }

    private static string Quote(string value) => $"\"{value}\"";
}
