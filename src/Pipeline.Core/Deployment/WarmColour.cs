using Pipeline.Core.Targets;

namespace Pipeline.Core.Deployment;

/// <summary>
/// Whether blue/green's idle colour can take all traffic back at once: each of its targets, asked at its own address
/// (HTTP only, all at once), is healthy, names the release and reads the order book. Nothing is asked over SSH, so a
/// rollback inside the warm window reaches the balancer within a second or so of its start.
/// </summary>
public static class WarmColour
{
    /// <summary>How long each target may take to answer before the colour counts as not warm.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(3);

    private static readonly HttpClient Http = new() { Timeout = Patience };

    /// <summary>Null when every one of <paramref name="targets"/> serves <paramref name="release"/> now; otherwise what each one lacks.</summary>
    public static async Task<string?> ProblemAsync(IReadOnlyList<IDeployTarget> targets, string release, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var problems = await Task.WhenAll(targets.Select(t => ProblemOfAsync(t, release, cancellationToken))).ConfigureAwait(false);
        return problems.OfType<string>().ToList() is { Count: > 0 } found ? string.Join("; ", found) : null;
    }

    private static async Task<string?> ProblemOfAsync(IDeployTarget target, string release, CancellationToken cancellationToken)
    {
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(Patience);
        try
        {
            var health = await target.CheckHealthAsync(release, patience.Token).ConfigureAwait(false);
            if (!health.Healthy)
            {
                return $"{target.Name}: {health.Detail}";
            }

            return (await IdleSmoke.CheckAsync(target, Http, _ => { }, patience.Token).ConfigureAwait(false))?.Detail;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"{target.Name} did not answer healthy with {release} at {target.Url} within {Patience.TotalSeconds:0} s";
        }
    }
}
