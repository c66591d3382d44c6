using Prometheus;

namespace Trading.App.Metrics;

/// <summary>
/// The app's Prometheus metrics, in a registry of its own so two apps hosted in one process (tests) count apart.
/// Requests by route and status and their latency come from prometheus-net's HTTP middleware; orders are counted here.
/// </summary>
public sealed class TradingMetrics
{
    public const string Path = "/metrics";

    public TradingMetrics()
    {
        Registry = Prometheus.Metrics.NewCustomRegistry();
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        OrdersPlaced = factory.CreateCounter("trading_orders_placed_total", "Orders stored and acknowledged with 201.");
        OrdersRejected = factory.CreateCounter("trading_orders_rejected_total", "Orders refused with 400, by the field that failed first.", "field");
    }

    public CollectorRegistry Registry { get; }

    public Counter OrdersPlaced { get; }

    public Counter OrdersRejected { get; }
}
