using Cake.Core;
using Cake.Core.IO;
using Pipeline.Core.Processes;

namespace Pipeline.Core.Containers;

/// <summary>docker image rm as a typed Cake tool: drops an image reference (registry/repository@sha256:...) from the engine.</summary>
public sealed class DockerImageRemoveTool(CakeToolHost host) : DockerTool<DockerSettings>(host)
{
    // No --force: the engine refuses to remove an image a container (running or stopped) still uses.
    public static IReadOnlyList<string> Arguments(string image) => ["image", "rm", image];

    public static ProcessArgumentBuilder BuildArguments(string image) => DockerArguments.Quoted(Arguments(image));

    /// <summary>Whether a failed image rm only says the engine no longer has the image: that counts as removed.</summary>
    public static bool NoSuchImage(IEnumerable<string> errors) => errors.Any(e => e.Contains("No such image", StringComparison.OrdinalIgnoreCase));

    /// <summary>Removes <paramref name="image"/>; one the engine no longer has counts as removed, one a container uses throws.</summary>
    public void Remove(DockerSettings settings, string image, CancellationToken cancellationToken = default)
    {
        var run = TryExecute(settings, BuildArguments(image), cancellationToken);
        if (!run.Succeeded && !NoSuchImage(run.Errors))
        {
            throw new ContainerException($"docker image rm {image} exited with code {run.ExitCode}: {run.ErrorSummary()}");
        }
    }
}
