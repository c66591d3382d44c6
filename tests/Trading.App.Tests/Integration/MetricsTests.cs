using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Trading.App.Tests.Support;

namespace Trading.App.Tests.Integration;

public sealed partial class MetricsTests
{
    private static readonly Uri Orders = new("/api/orders", UriKind.Relative);
    private static readonly Uri Metrics = new("/metrics", UriKind.Relative);

    [Fact]
    public async Task Metrics_count_requests_by_route_and_status_orders_placed_and_rejected_and_latency()
    {
        using var workspace = new AppWorkspace();
        workspace.WriteSettings(s => s["Trading"]!["monitoring"] = new JsonObject { ["metricsEnabled"] = true });
        workspace.Migrate();
        await using var app = await RunningApp.StartAsync(workspace);

        for (var i = 0; i < 3; i++)
        {
            using var placed = await app.Client.PostAsync(Orders, Json("""{"symbol":"AAPL","side":"buy","quantity":1,"price":100.5}"""));
            Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        }

        using (var rejected = await app.Client.PostAsync(Orders, Json("""{"symbol":"AAPL","side":"hold","quantity":1,"price":100.5}""")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        }

        using (var health = await app.Client.GetAsync(new Uri("/health", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }

        var text = await app.Client.GetStringAsync(Metrics);

        Assert.Equal(3, Value(text, "trading_orders_placed_total"));
        Assert.Equal(1, Value(text, "trading_orders_rejected_total", "field=\"side\""));
        Assert.Equal(3, Value(text, "http_requests_received_total", "code=\"201\"", "method=\"POST\"", "endpoint=\"/api/orders\""));
        Assert.Equal(1, Value(text, "http_requests_received_total", "code=\"400\"", "method=\"POST\"", "endpoint=\"/api/orders\""));
        Assert.Equal(1, Value(text, "http_requests_received_total", "code=\"200\"", "method=\"GET\"", "endpoint=\"/health\""));
        Assert.Equal(3, Value(text, "http_request_duration_seconds_count", "code=\"201\"", "method=\"POST\"", "endpoint=\"/api/orders\""));
        Assert.Contains("http_request_duration_seconds_bucket{", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_are_not_served_unless_enabled()
    {
        using var workspace = new AppWorkspace();
        workspace.Migrate();
        await using var app = await RunningApp.StartAsync(workspace);

        using var response = await app.Client.GetAsync(Metrics);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_release_built_with_an_order_fault_answers_500_to_that_share_of_order_posts_and_stores_none_of_them()
    {
        using var workspace = new AppWorkspace();
        workspace.WriteSettings(s => s["Trading"]!["monitoring"] = new JsonObject { ["metricsEnabled"] = true });
        File.WriteAllText(Path.Combine(workspace.ContentRoot, "appsettings.release.json"), """{"Trading":{"faults":{"orderErrorPercent":20}}}""");
        workspace.Migrate();
        await using var app = await RunningApp.StartAsync(workspace);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 50; i++)
        {
            using var response = await app.Client.PostAsync(Orders, Json("""{"symbol":"MSFT","side":"sell","quantity":2,"price":50}"""));
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.InternalServerError));
        Assert.Equal(40, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(40, workspace.OrderIds().Count);
        Assert.Equal(10, Value(await app.Client.GetStringAsync(Metrics), "http_requests_received_total", "code=\"500\"", "endpoint=\"/api/orders\""));
    }

    [Fact]
    public void An_order_fault_outside_0_to_100_is_refused_naming_the_key_and_value()
    {
        using var workspace = new AppWorkspace();
        workspace.WriteSettings(s => s["Trading"]!["faults"] = new JsonObject { ["orderErrorPercent"] = 120 });

        var error = Assert.Throws<Settings.TradingSettingsException>(() => TradingApplication.Create([], workspace.HostOptions()));

        Assert.Contains("Trading:faults:orderErrorPercent is \"120\"; expected a whole number from 0 to 100", error.Message, StringComparison.Ordinal);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    // The value of the one sample of metric whose labels include every one of labels.
    private static double Value(string exposition, string metric, params string[] labels)
    {
        var samples = SampleLine().Matches(exposition)
            .Where(m => m.Groups["name"].Value == metric && labels.All(l => m.Groups["labels"].Value.Contains(l, StringComparison.Ordinal)))
            .ToList();
        Assert.True(samples.Count == 1, $"expected one sample of {metric} with {string.Join(", ", labels)}, found {samples.Count} in:\n{exposition}");
        return double.Parse(samples[0].Groups["value"].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"^(?<name>[a-z_]+)(?:\{(?<labels>[^}]*)\})? (?<value>\S+)$", RegexOptions.Multiline)]
    private static partial Regex SampleLine();
}
