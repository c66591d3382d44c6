using Cake.Core;
using Cake.Core.IO;
using Pipeline.Core.Processes;

namespace Pipeline.Core.Containers;

/// <summary>docker stop and docker rm as a typed Cake tool.</summary>
public sealed class DockerRemoveTool(CakeToolHost host) : DockerTool<DockerSettings>(host)
{
    public static IReadOnlyList<string> StopWords(string name, TimeSpan grace) => ["stop", $"--time={(int)Math.Ceiling(grace.TotalSeconds)}", name];

    public static IReadOnlyList<string> RemoveWords(string name) => ["rm", "--force", name];

    public static ProcessArgumentBuilder StopArguments(string name, TimeSpan grace) => DockerArguments.Quoted(StopWords(name, grace));

    public static ProcessArgumentBuilder RemoveArguments(string name) => DockerArguments.Quoted(RemoveWords(name));

    /// <summary>SIGTERM, then SIGKILL after <paramref name="grace"/>, then removes the container.</summary>
    public void StopAndRemove(DockerSettings settings, string name, TimeSpan grace, CancellationToken cancellationToken = default)
    {
        Execute(settings, StopArguments(name, grace), $"stop {name}", cancellationToken);
        Execute(settings, RemoveArguments(name), $"rm {name}", cancellationToken);
    }

    /// <summary>Removes the container (one that is not running: created or exited).</summary>
    public void Remove(DockerSettings settings, string name, CancellationToken cancellationToken = default) =>
        Execute(settings, RemoveArguments(name), $"rm {name}", cancellationToken);
}
