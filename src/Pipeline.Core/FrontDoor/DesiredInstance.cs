namespace Pipeline.Core.FrontDoor;

/// <summary>
/// An app instance the pipeline wants serving: the release, the command that starts it (with
/// <see cref="FrontDoorFiles.PortPlaceholder"/> where its private port goes), its whole environment, and how to
/// tell that it is healthy. A higher <see cref="Serial"/> than the front door applied last is a new request.
/// </summary>
public sealed record DesiredInstance
{
    public required long Serial { get; init; }

    public required string Version { get; init; }

    /// <summary>The release directory, absolute: the instance runs from it even after <c>current</c> moves on.</summary>
    public required string Release { get; init; }

    public required string Program { get; init; }

    public required IReadOnlyList<string> Arguments { get; init; }

    /// <summary>Every variable the instance gets; it inherits nothing else.</summary>
    public required IReadOnlyDictionary<string, string> Environment { get; init; }

    /// <summary>What the instance's command line contains, checked before any signal is sent to an id from a file.</summary>
    public required string EntryAssembly { get; init; }

    public string HealthPath { get; init; } = "/health";

    public int HealthRetries { get; init; } = 10;

    public double HealthIntervalSeconds { get; init; } = 1;

    public double HealthTimeoutSeconds { get; init; } = 60;

    /// <summary>
    /// How long the old instance keeps its connections after new ones go to the new instance, before SIGTERM. None by
    /// default: on SIGTERM the app drains by itself (1 s of answers with Connection: close, Trading.App's ShutdownDrain),
    /// which moves kept-alive clients to the new instance; waiting here as well would only add to each switch.
    /// </summary>
    public double DrainSeconds { get; init; }

    /// <summary>How long an instance may take to shut down after SIGTERM before it is killed.</summary>
    public double StopGraceSeconds { get; init; } = 10;
}
