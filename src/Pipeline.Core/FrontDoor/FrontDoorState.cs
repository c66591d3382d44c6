namespace Pipeline.Core.FrontDoor;

/// <summary>What a front door says about itself and the app behind it, rewritten whenever either changes.</summary>
public sealed record FrontDoorState
{
    /// <summary>The public address it listens on (host:port).</summary>
    public required string Listen { get; init; }

    public required int FrontDoorPid { get; init; }

    /// <summary>The <see cref="DesiredInstance.Serial"/> it handled last, whether that succeeded or not.</summary>
    public long AppliedSerial { get; init; }

    /// <summary>Null while the last request succeeded; else why it failed (the instance that served before still does).</summary>
    public string? Failure { get; init; }

    /// <summary>What handling the last request did, in order, for the pipeline to print.</summary>
    public IReadOnlyList<string> Steps { get; init; } = [];

    /// <summary>serving, down (it died and is being restarted), retired (stopped on a <see cref="Retirement"/>) or none (nothing was ever started).</summary>
    public string App { get; init; } = AppStates.None;

    public string? AppDetail { get; init; }

    public string? Version { get; init; }

    public string? Release { get; init; }

    public int? AppPid { get; init; }

    public int? AppPort { get; init; }

    /// <summary>How many times the app was restarted after it died, since the front door started.</summary>
    public int Restarts { get; init; }

    public DateTimeOffset Updated { get; init; }
}

/// <summary>The values of <see cref="FrontDoorState.App"/>.</summary>
public static class AppStates
{
    public const string Serving = "serving";
    public const string Down = "down";
    public const string Retired = "retired";
    public const string None = "none";
}
