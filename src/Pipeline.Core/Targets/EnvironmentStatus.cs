using Pipeline.Core.Deployment;

namespace Pipeline.Core.Targets;

/// <summary>One target as Status shows it: what it says it runs, whether it answers, and whether that differs from the history.</summary>
public sealed record TargetStatus(string Target, string Description, string? LiveVersion, bool Running, bool Healthy, string? ServedVersion, bool Drift, string Detail);

/// <summary>An environment as Status shows it: the live version the history records, and each target against it.</summary>
public sealed record EnvironmentStatus(string Environment, string? LiveVersion, DateTimeOffset? DeployedAt, string? DeployedBy, IReadOnlyList<TargetStatus> Targets)
{
    public bool HasDrift => Targets.Any(t => t.Drift);

    /// <summary>Asks every target once (all at once) and compares what it says with the recorded history; a difference is drift, never trusted.</summary>
    public static async Task<EnvironmentStatus> ReadAsync(string environment, DeploymentHistory history, IReadOnlyList<IDeployTarget> targets, CancellationToken cancellationToken = default)
    {
        var live = history.Successful() is [var newest, ..] ? newest : null;
        var statuses = new List<TargetStatus>();

        var probes = await TargetThreads.RunAsync(targets, t => t.ProbeAsync(cancellationToken)).ConfigureAwait(false);
        foreach (var (target, probe) in targets.Zip(probes))
        {
            var drift = live?.ToVersion is { } expected && (probe.LiveVersion != expected || (probe.ServedVersion is { } served && served != expected));
            var detail = drift
                ? $"drift: the history says {live!.ToVersion}, the target has {probe.LiveVersion ?? "nothing"}{(probe.ServedVersion is null ? string.Empty : $" and serves {probe.ServedVersion}")}; {probe.Detail}"
                : probe.Detail;
            statuses.Add(new TargetStatus(target.Name, target.Description, probe.LiveVersion, probe.Running, probe.Healthy, probe.ServedVersion, drift, detail));
        }

        return new EnvironmentStatus(environment, live?.ToVersion, live?.Finished ?? live?.Started, live?.Who, statuses);
    }
}
