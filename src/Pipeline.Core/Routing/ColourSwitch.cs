using System.Diagnostics;

namespace Pipeline.Core.Routing;

/// <summary>
/// Blue/green at the balancer: the idle colour's servers get no requests while they start, then all traffic moves to
/// them in one exchange with the balancer (the new colour raised first, then the old one set to 0, so some server has
/// weight throughout); the old colour's servers keep running with weight 0.
/// </summary>
public sealed class ColourSwitch(TargetRouting routing)
{
    private const int FullWeight = 100;

    public string Description => routing.Description;

    /// <summary>Sets every server of <paramref name="targets"/> to weight 0.</summary>
    public async Task HoldAsync(IReadOnlyList<string> targets, Action<string> say, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(say);
        await routing.Router.SetWeightsAsync([.. targets.Select(t => (routing.ServerOf(t), 0))], cancellationToken).ConfigureAwait(false);
        say($"held {string.Join(", ", targets)} at weight 0 at {routing.Description}: they take no request until the switch");
    }

    /// <summary>
    /// Moves all traffic from <paramref name="from"/> to <paramref name="to"/> (paired in order, each new server taking
    /// the weight its partner had, or 100 when that was 0); returns how long the balancer took.
    /// </summary>
    public async Task<TimeSpan> SwitchAsync(IReadOnlyList<string> to, IReadOnlyList<string> from, Action<string> say, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(say);
        var clock = Stopwatch.StartNew();
        var counters = await routing.Router.ReadCountersAsync(cancellationToken).ConfigureAwait(false);
        var weights = to.Select((target, i) =>
        {
            var partner = i < from.Count ? counters.FirstOrDefault(c => c.Server == routing.ServerOf(from[i]))?.Weight ?? 0 : 0;
            return (routing.ServerOf(target), partner > 0 ? partner : FullWeight);
        }).Concat(from.Select(target => (routing.ServerOf(target), 0))).ToList();
        await routing.Router.SetWeightsAsync(weights, cancellationToken).ConfigureAwait(false);
        say($"switched all traffic to {string.Join(", ", to)} at {routing.Description} in one step ({string.Join(", ", weights.Select(w => $"{w.Item1} {w.Item2}"))}) in {clock.Elapsed.TotalMilliseconds:0} ms");
        return clock.Elapsed;
    }
}
