using System.Text.Json;
using Cake.Core;
using Cake.Core.IO;
using Pipeline.Core.Processes;

namespace Pipeline.Core.Containers;

/// <summary>docker image inspect and docker container inspect as a typed Cake tool; answers the engine's JSON.</summary>
public sealed class DockerInspectTool(CakeToolHost host) : DockerTool<DockerSettings>(host)
{
    public static IReadOnlyList<string> Arguments(string kind, string name) => [kind, "inspect", name];

    public static ProcessArgumentBuilder BuildArguments(string kind, string name) => DockerArguments.Quoted(Arguments(kind, name));

    /// <summary>The image's inspect document; an error when the engine does not have it.</summary>
    public JsonElement Image(DockerSettings settings, string reference, CancellationToken cancellationToken = default) =>
        Document(Execute(settings, BuildArguments("image", reference), $"image inspect {reference}", cancellationToken).Output);

    /// <summary>The container's inspect document, or null when no container has that name.</summary>
    public JsonElement? Container(DockerSettings settings, string name, CancellationToken cancellationToken = default)
    {
        var run = TryExecute(settings, BuildArguments("container", name), cancellationToken);
        if (run.Succeeded)
        {
            return Document(run.Output);
        }

        return run.Errors.Any(e => e.Contains("No such", StringComparison.OrdinalIgnoreCase))
            ? null
            : throw new ContainerException($"docker container inspect {name} exited with code {run.ExitCode}: {run.ErrorSummary()}");
    }

    /// <summary>The one object docker inspect printed (its output, one line an item).</summary>
    public static JsonElement Document(IReadOnlyList<string> output)
    {
        using var document = JsonDocument.Parse(string.Join('\n', output));
        return document.RootElement.GetArrayLength() == 1
            ? document.RootElement[0].Clone()
            : throw new ContainerException($"docker inspect answered {document.RootElement.GetArrayLength()} objects; expected one.");
    }
}
