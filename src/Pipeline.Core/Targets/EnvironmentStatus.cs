using Pipeline.Core.Deployment;

namespace Pipeline.Core.Targets;

/// <summary>One target as Status shows it: what it says it runs, whether it answers, and whether that differs from the history.</summary>
public sealed record TargetStatus(string Target, string Description, string? LiveVersion, bool Running, bool Healthy, string? ServedVersion, bool Drift, string Detail)
{
    /// <summary>Blue/green: the target's colour and what it is for now (live, warm or idle); null for other strategies.</summary>
    public string? Colour { get; init; }

    /// <summary>Blue/green: live (takes the traffic), warm (kept running for a rollback) or idle (stopped, or to be replaced by the next deploy).</summary>
    public string? Role { get; init; }
}

/// <summary>Blue/green as the history left it: which colour serves which version, and which is kept warm with which version until when.</summary>
public sealed record ColourStatus(string Live, string? LiveVersion, string Idle, bool Warm, string? WarmVersion, DateTimeOffset? WarmUntil);

/// <summary>An environment as Status shows it: the live version the history records, and each target against it.</summary>
public sealed record EnvironmentStatus(string Environment, string? LiveVersion, DateTimeOffset? DeployedAt, string? DeployedBy, IReadOnlyList<TargetStatus> Targets)
{
    public const string LiveRole = "live";
    public const string WarmRole = "warm";
    public const string IdleRole = "idle";

    public bool HasDrift => Targets.Any(t => t.Drift);

    /// <summary>Blue/green's colours; null for other strategies and before the first blue/green switch.</summary>
    public ColourStatus? Colours { get; init; }

    /// <summary>
    /// Asks every target once (all at once) and compares what it says with the recorded history; a difference is drift,
    /// never trusted. With <paramref name="colours"/> (blue/green) the live colour is compared with the live version,
    /// a warm colour with the version it was left running, and an idle one with nothing: it is stopped by design.
    /// </summary>
    public static async Task<EnvironmentStatus> ReadAsync(string environment, DeploymentHistory history, IReadOnlyList<IDeployTarget> targets, BlueGreenColours? colours = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var live = history.Successful() is [var newest, ..] ? newest : null;
        var warm = colours is { Live: not null } && colours.IsWarm(DateTimeOffset.UtcNow);
        var statuses = new List<TargetStatus>();

        var probes = await TargetThreads.RunAsync(targets, t => t.ProbeAsync(cancellationToken)).ConfigureAwait(false);
        foreach (var (target, probe) in targets.Zip(probes))
        {
            var (colour, role) = colours is { Live: { } liveColour }
                ? colours.LiveTargets.Contains(target.Name) ? (liveColour, LiveRole) : (colours.Idle, warm ? WarmRole : IdleRole)
                : ((string?)null, (string?)null);
            var expected = role switch
            {
                null or LiveRole => live?.ToVersion,
                WarmRole => colours!.WarmVersion,
                _ => null,
            };
            var drift = expected is not null && (probe.LiveVersion != expected || (probe.ServedVersion is { } served && served != expected));
            var detail = drift
                ? $"drift: the history says {expected}, the target has {probe.LiveVersion ?? "nothing"}{(probe.ServedVersion is null ? string.Empty : $" and serves {probe.ServedVersion}")}; {probe.Detail}"
                : probe.Detail;
            statuses.Add(new TargetStatus(target.Name, target.Description, probe.LiveVersion, probe.Running, probe.Healthy, probe.ServedVersion, drift, detail) { Colour = colour, Role = role });
        }

        return new EnvironmentStatus(environment, live?.ToVersion, live?.Finished ?? live?.Started, live?.Who, statuses)
        {
            Colours = colours is { Live: { } serving }
                ? new ColourStatus(serving, live?.ToVersion, colours.Idle, warm, colours.WarmVersion, colours.WarmUntil)
                : null,
        };
    }
}
