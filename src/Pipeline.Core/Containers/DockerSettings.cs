using Cake.Core.Tooling;

namespace Pipeline.Core.Containers;

/// <summary>Settings every docker command shares: which engine it talks to.</summary>
public class DockerSettings : ToolSettings
{
    public const string HostVariable = "DOCKER_HOST";

    /// <summary>
    /// The engine's address (<c>unix:///path/docker.sock</c>), given to the client in DOCKER_HOST; null: the client's
    /// default. The client negotiates the API version down to the engine's (a 28.x client talks 1.41 to a 20.10 engine).
    /// </summary>
    public string? Host
    {
        get => EnvironmentVariables is not null && EnvironmentVariables.TryGetValue(HostVariable, out var host) ? host : null;
        set
        {
            EnvironmentVariables ??= new Dictionary<string, string>(StringComparer.Ordinal);
            if (value is null)
            {
                EnvironmentVariables.Remove(HostVariable);
            }
            else
            {
                EnvironmentVariables[HostVariable] = value;
            }
        }
    }
}
