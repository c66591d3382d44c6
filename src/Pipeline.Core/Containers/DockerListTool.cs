using Cake.Core;
using Cake.Core.IO;
using Pipeline.Core.Processes;

namespace Pipeline.Core.Containers;

/// <summary>docker ps as a typed Cake tool: the ids of containers with a label, in the states asked for.</summary>
public sealed class DockerListTool(CakeToolHost host) : DockerTool<DockerSettings>(host)
{
    public static IReadOnlyList<string> Arguments(string label, IEnumerable<string> states) =>
        ["ps", "--all", "--quiet", "--filter", $"label={label}", .. states.SelectMany(state => new[] { "--filter", $"status={state}" })];

    public static ProcessArgumentBuilder BuildArguments(string label, IEnumerable<string> states) => DockerArguments.Quoted(Arguments(label, states));

    /// <summary>The ids docker ps --quiet printed, one a line.</summary>
    public static IReadOnlyList<string> IdsIn(IEnumerable<string> output) => [.. output.Select(l => l.Trim()).Where(l => l.Length > 0)];

    /// <summary>The ids of the containers labelled <paramref name="label"/> (key=value) in any of <paramref name="states"/> (created, running, exited...).</summary>
    public IReadOnlyList<string> Ids(DockerSettings settings, string label, IReadOnlyList<string> states, CancellationToken cancellationToken = default) =>
        IdsIn(Execute(settings, BuildArguments(label, states), $"ps --filter label={label}", cancellationToken).Output);
}
