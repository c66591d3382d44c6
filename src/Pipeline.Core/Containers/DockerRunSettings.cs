namespace Pipeline.Core.Containers;

/// <summary>A bind mount: a host path seen inside the container.</summary>
public sealed record DockerMount(string Source, string Target, bool ReadOnly);

/// <summary>Settings for <see cref="DockerRunTool"/>: always detached, never removed on exit (its state is inspected).</summary>
public sealed class DockerRunSettings : DockerSettings
{
    public required string Image { get; set; }

    public required string Name { get; set; }

    /// <summary>host: the container shares the host's network and listens on a loopback port of its own.</summary>
    public string? Network { get; set; }

    /// <summary>
    /// Variables the container gets. Only their names are on docker's command line (<c>--env NAME</c>); the values
    /// reach the client through its own environment, so a connection string never shows in a process list.
    /// </summary>
    public IDictionary<string, string> ContainerEnvironment { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    public IDictionary<string, string> Labels { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    public IList<DockerMount> Mounts { get; } = [];

    /// <summary>Arguments after the image: replace the image's CMD.</summary>
    public IList<string> Command { get; } = [];
}
