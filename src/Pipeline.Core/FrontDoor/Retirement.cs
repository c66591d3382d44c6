namespace Pipeline.Core.FrontDoor;

/// <summary>
/// When the front door stops its app by itself: the instance of <see cref="Version"/> is stopped at
/// <see cref="StopAt"/> and not restarted (blue/green's old colour once its keepPreviousFor ends). Written by the
/// pipeline only; deleting the file cancels it, and asking for a release (a restart) deletes it first. An instance of
/// another version is never stopped by it.
/// </summary>
public sealed record Retirement
{
    public required string Version { get; init; }

    public required DateTimeOffset StopAt { get; init; }

    /// <summary>Why, for the front door's log and state.</summary>
    public string Reason { get; init; } = "retired";
}
