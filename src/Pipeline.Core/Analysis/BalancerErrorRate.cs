using Pipeline.Core.Routing;

namespace Pipeline.Core.Analysis;

/// <summary>
/// The fallback where no Prometheus is configured: the balancer's own counters. A query names the servers (comma
/// separated) whose share of 5xx responses is measured, over the responses since the previous measurement of that
/// query (the first one: since <see cref="MarkAsync"/>); no response in the window is no data.
/// </summary>
public sealed class BalancerErrorRate(IRouter router) : IMetricSource
{
    private readonly Dictionary<string, (long Errors, long Responses)> last = new(StringComparer.Ordinal);
    private IReadOnlyList<ServerCounters> mark = [];

    public string Description => $"the 5xx counters of {router.Description}";

    /// <summary>The query that measures <paramref name="servers"/>' 5xx share.</summary>
    public static string QueryFor(IEnumerable<string> servers) => string.Join(",", servers);

    /// <summary>Starts every window here (e.g. when the canary gets traffic).</summary>
    public async Task MarkAsync(CancellationToken cancellationToken = default)
    {
        mark = await router.ReadCountersAsync(cancellationToken).ConfigureAwait(false);
        last.Clear();
    }

    public async Task<double?> QueryAsync(string query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var servers = query.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        IReadOnlyList<ServerCounters> counters;
        try
        {
            counters = await router.ReadCountersAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RouterException ex)
        {
            throw new MetricQueryException(ex.Message, ex);
        }

        if (servers.FirstOrDefault(s => counters.All(c => c.Server != s)) is { } unknown)
        {
            throw new MetricQueryException($"{router.Description} has no server {unknown} (query \"{query}\").");
        }

        var now = (Errors: Sum(counters, servers, c => c.Responses5xx), Responses: Sum(counters, servers, c => c.ResponsesTotal));
        var before = last.TryGetValue(query, out var previous) ? previous : (Sum(mark, servers, c => c.Responses5xx), Sum(mark, servers, c => c.ResponsesTotal));
        last[query] = now;
        var responses = now.Responses - before.Item2;
        return responses <= 0 ? null : (double)(now.Errors - before.Item1) / responses;
    }

    private static long Sum(IReadOnlyList<ServerCounters> counters, HashSet<string> servers, Func<ServerCounters, long> value) =>
        counters.Where(c => servers.Contains(c.Server)).Sum(value);
}
