namespace Pipeline.Core.Routing;

/// <summary>
/// The load balancer in front of the application targets: the pipeline owns only the weights and states of the
/// backend servers it is told about. Every call either takes effect or throws <see cref="RouterException"/> saying
/// what the balancer answered.
/// </summary>
public interface IRouter
{
    /// <summary>Where the balancer is, for messages (e.g. "haproxy at /run/haproxy/admin.sock, backend trading").</summary>
    string Description { get; }

    /// <summary>Sets the share of new traffic <paramref name="server"/> gets relative to the others, 0-256; 0 sends it none.</summary>
    Task SetWeightAsync(string server, int weight, CancellationToken cancellationToken = default);

    /// <summary>Sets several servers' weights in one exchange with the balancer, in the order given, so traffic moves in one step.</summary>
    Task SetWeightsAsync(IReadOnlyList<(string Server, int Weight)> weights, CancellationToken cancellationToken = default);

    /// <summary>Sends no new requests to <paramref name="server"/>; those in flight finish.</summary>
    Task DrainAsync(string server, CancellationToken cancellationToken = default);

    /// <summary>Admits <paramref name="server"/> again after <see cref="DrainAsync"/>.</summary>
    Task ReadyAsync(string server, CancellationToken cancellationToken = default);

    /// <summary>The counters of every server of the backend, as the balancer reports them now.</summary>
    Task<IReadOnlyList<ServerCounters>> ReadCountersAsync(CancellationToken cancellationToken = default);
}
