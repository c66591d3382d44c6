using Cake.Core;
using Cake.Core.IO;
using Pipeline.Core.Processes;

namespace Pipeline.Core.Containers;

/// <summary>docker run --detach as a typed Cake tool.</summary>
public sealed class DockerRunTool(CakeToolHost host) : DockerTool<DockerRunSettings>(host)
{
    public static ProcessArgumentBuilder BuildArguments(DockerRunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return DockerArguments.Quoted(settings.Arguments());
    }

    /// <summary>Starts the container and returns its id.</summary>
    public string Run(DockerRunSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.EnvironmentVariables ??= new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in settings.ContainerEnvironment)
        {
            settings.EnvironmentVariables[name] = value;
        }

        var run = Execute(settings, BuildArguments(settings), $"run {settings.Name} from {settings.Image}", cancellationToken);
        return run.Output.LastOrDefault(line => !string.IsNullOrWhiteSpace(line))?.Trim()
            ?? throw new ContainerException($"docker run {settings.Name} printed no container id.");
    }
}
