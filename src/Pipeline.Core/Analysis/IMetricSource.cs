namespace Pipeline.Core.Analysis;

/// <summary>Where an analysis reads its measurements: a Prometheus server, or the balancer's own counters.</summary>
public interface IMetricSource
{
    /// <summary>Where it reads, for messages.</summary>
    string Description { get; }

    /// <summary>The value of <paramref name="query"/> now, or null when there is no data yet (an inconclusive measurement).</summary>
    /// <exception cref="MetricQueryException">The source is unreachable or refused the query.</exception>
    Task<double?> QueryAsync(string query, CancellationToken cancellationToken = default);
}
