using Cake.Core;
using Cake.Core.IO;
using Pipeline.Core.Processes;

namespace Pipeline.Core.Containers;

/// <summary>docker logs as a typed Cake tool: the last lines a container printed, for a failure's message.</summary>
public sealed class DockerLogsTool(CakeToolHost host) : DockerTool<DockerSettings>(host)
{
    public static ProcessArgumentBuilder BuildArguments(string name, int lines) =>
        new ProcessArgumentBuilder().Append("logs").Append($"--tail={lines}").AppendQuoted(name);

    /// <summary>The container's last <paramref name="lines"/> lines of output and errors, in that order.</summary>
    public IReadOnlyList<string> Tail(DockerSettings settings, string name, int lines = 20, CancellationToken cancellationToken = default)
    {
        var run = Execute(settings, BuildArguments(name, lines), $"logs {name}", cancellationToken);
        return [.. run.Output, .. run.Errors];
    }
}
