using Prometheus;
using Trading.App.Settings;

namespace Trading.App.Metrics;

public static class MetricsEndpoints
{
    /// <summary>
    /// Counts every request by route and status with a latency histogram (http_requests_received_total,
    /// http_request_duration_seconds), and serves them with the order counters at /metrics when
    /// Trading:monitoring:metricsEnabled is true.
    /// </summary>
    public static WebApplication UseTradingMetrics(this WebApplication app)
    {
        var metrics = app.Services.GetRequiredService<TradingMetrics>();
        app.UseRouting();
        app.UseHttpMetrics(options => options.SetMetricFactory(Prometheus.Metrics.WithCustomRegistry(metrics.Registry)));
        if (app.Services.GetRequiredService<TradingSettings>().MetricsEnabled)
        {
            app.MapMetrics(TradingMetrics.Path, metrics.Registry);
        }

        return app;
    }
}
