using Pipeline.Core.Targets;

namespace Pipeline.Core.Deployment;

/// <summary>
/// Before a deploy changes anything: asks every target what it runs (the same look as Status) and compares it with
/// the recorded history and with the other targets. Drift left by a run that was interrupted since the last successful
/// one is what this deploy is there to converge; any other drift refuses the deploy unless told to converge.
/// </summary>
public sealed class DriftCheck(string environment, DeploymentHistory history, IReadOnlyList<IDeployTarget> targets, Action<string> progress)
{
    public const string ConvergeHint = "--drift=converge";

    /// <summary>Throws <see cref="DriftException"/> when targets differ and <paramref name="policy"/> is to refuse.</summary>
    public async Task CheckAsync(string version, DriftPolicy policy, CancellationToken cancellationToken = default)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var status = await EnvironmentStatus.ReadAsync(environment, history, targets, cancellationToken: cancellationToken).ConfigureAwait(false);
        progress($"asked {targets.Count} target(s) what they run in {clock.Elapsed.TotalSeconds:0.0} s");
        var disagree = status.Targets.Select(t => t.LiveVersion).Distinct().Count() > 1;
        var differing = status.Targets.Where(t => t.Drift || (status.LiveVersion is null && disagree)).ToList();
        if (differing.Count == 0)
        {
            progress($"no drift: every target runs {status.LiveVersion ?? "nothing yet"}, as the history records");
            return;
        }

        var described = string.Join(", ", differing.Select(t => $"{t.Target} has {t.LiveVersion ?? "nothing"}{(t.ServedVersion is { } served && served != t.LiveVersion ? $" and serves {served}" : string.Empty)}"));
        var drift = $"{described}; the history says {status.LiveVersion ?? "nothing was deployed"}";
        var interrupted = InterruptedSinceLastSuccess();
        var leftBy = interrupted.SelectMany(r => new[] { r.ToVersion, r.FromVersion }).OfType<string>().ToHashSet(StringComparer.Ordinal);
        if (interrupted.Count > 0 && differing.All(t => IsIn(t.LiveVersion, leftBy) && (t.ServedVersion is null || IsIn(t.ServedVersion, leftBy))))
        {
            progress($"drift left by the interrupted run {string.Join(", ", interrupted.Select(r => r.Id))}: {drift}; this deploy moves every target to {version}");
            return;
        }

        if (policy == DriftPolicy.Converge)
        {
            progress($"drift ({ConvergeHint}): {drift}; this deploy moves every target to {version}");
            return;
        }

        throw new DriftException(
            $"drift: {drift}. Nothing was changed. To move every target to {version} anyway, deploy with {ConvergeHint}; to put them back on {status.LiveVersion ?? "the recorded version"} first, run Rollback --component=application or see Status --env={environment}.");
    }

    private static bool IsIn(string? version, HashSet<string> versions) => version is not null && versions.Contains(version);

    private List<DeploymentRecord> InterruptedSinceLastSuccess()
    {
        var since = history.Successful() is [var last, ..] ? last.Started : DateTimeOffset.MinValue;
        return history.All().Where(r => r.Status == DeploymentStatus.Interrupted && !r.IsSiteOnly && r.Started > since).ToList();
    }
}

/// <summary>A deploy refused because its targets run different versions, or differ from the recorded history.</summary>
public sealed class DriftException(string message) : InvalidOperationException(message);
