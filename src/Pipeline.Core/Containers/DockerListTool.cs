using Cake.Core;
using Cake.Core.IO;
using Pipeline.Core.Processes;

namespace Pipeline.Core.Containers;

/// <summary>docker ps as a typed Cake tool: the ids of containers with a label, in the states asked for.</summary>
public sealed class DockerListTool(CakeToolHost host) : DockerTool<DockerSettings>(host)
{
    public static ProcessArgumentBuilder BuildArguments(string label, IEnumerable<string> states)
    {
        var arguments = new ProcessArgumentBuilder().Append("ps").Append("--all").Append("--quiet").AppendSwitchQuoted("--filter", $"label={label}");
        foreach (var state in states)
        {
            arguments.AppendSwitchQuoted("--filter", $"status={state}");
        }

        return arguments;
    }

    /// <summary>The ids of the containers labelled <paramref name="label"/> (key=value) in any of <paramref name="states"/> (created, running, exited...).</summary>
    public IReadOnlyList<string> Ids(DockerSettings settings, string label, IReadOnlyList<string> states, CancellationToken cancellationToken = default) =>
        [.. Execute(settings, BuildArguments(label, states), $"ps --filter label={label}", cancellationToken).Output.Select(l => l.Trim()).Where(l => l.Length > 0)];
}
