using Cake.Core;
using Cake.Core.IO;
using Pipeline.Core.Processes;

namespace Pipeline.Core.Containers;

/// <summary>docker pull as a typed Cake tool.</summary>
public sealed class DockerPullTool(CakeToolHost host) : DockerTool<DockerSettings>(host)
{
    public static IReadOnlyList<string> Arguments(string reference) => ["pull", "--quiet", reference];

    public static ProcessArgumentBuilder BuildArguments(string reference) => DockerArguments.Quoted(Arguments(reference));

    /// <summary>Pulls <paramref name="reference"/> (best by digest: repository@sha256:...) into the engine.</summary>
    public void Pull(DockerSettings settings, string reference, CancellationToken cancellationToken = default) =>
        Execute(settings, BuildArguments(reference), $"pull {reference}", cancellationToken);
}
