namespace Pipeline.Core.Containers;

/// <summary>A bind mount: a host path seen inside the container.</summary>
public sealed record DockerMount(string Source, string Target, bool ReadOnly);

/// <summary>Settings for docker run: detached by default (its state is inspected), or attached for a supervisor that watches the client.</summary>
public sealed class DockerRunSettings : DockerSettings
{
    public required string Image { get; set; }

    public required string Name { get; set; }

    /// <summary>False: the client stays attached and lives as long as the container; signals it gets reach the container.</summary>
    public bool Detach { get; set; } = true;

    /// <summary>Runs only an image the engine already has; nothing is pulled.</summary>
    public bool PullNever { get; set; }

    /// <summary>host: the container shares the host's network and listens on a loopback port of its own.</summary>
    public string? Network { get; set; }

    /// <summary>
    /// Variables the container gets. Only their names are on docker's command line (<c>--env NAME</c>); the values
    /// reach the client through its own environment, so a connection string never shows in a process list.
    /// </summary>
    public IDictionary<string, string> ContainerEnvironment { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Variables that are no secret, given on the command line as <c>--env NAME=VALUE</c> (a port, a path).</summary>
    public IDictionary<string, string> VisibleEnvironment { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    public IDictionary<string, string> Labels { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    public IList<DockerMount> Mounts { get; } = [];

    /// <summary>Arguments after the image: replace the image's CMD.</summary>
    public IList<string> Command { get; } = [];

    /// <summary>docker's arguments, one list item each, as a process gets them (no shell in between).</summary>
    public IReadOnlyList<string> Arguments()
    {
        var arguments = new List<string> { "run" };
        if (Detach)
        {
            arguments.Add("--detach");
        }

        if (PullNever)
        {
            arguments.Add("--pull=never");
        }

        arguments.AddRange(["--name", Name]);
        if (Network is not null)
        {
            arguments.AddRange(["--network", Network]);
        }

        foreach (var name in ContainerEnvironment.Keys)
        {
            arguments.AddRange(["--env", name]);
        }

        foreach (var (name, value) in VisibleEnvironment)
        {
            arguments.AddRange(["--env", $"{name}={value}"]);
        }

        foreach (var (key, value) in Labels)
        {
            arguments.AddRange(["--label", $"{key}={value}"]);
        }

        foreach (var mount in Mounts)
        {
            arguments.AddRange(["--mount", $"type=bind,source={mount.Source},target={mount.Target}{(mount.ReadOnly ? ",readonly" : string.Empty)}"]);
        }

        arguments.Add(Image);
        arguments.AddRange(Command);
        return arguments;
    }
}
