using System.Net;
using System.Text.Json;
using Trading.App.Quotes;
using Trading.App.Tests.Support;
using Trading.App.Versioning;

namespace Trading.App.Tests.Integration;

public sealed class PageAndQuoteTests
{
    [Fact]
    public async Task The_root_serves_the_page_with_its_stable_element_ids()
    {
        using var workspace = new AppWorkspace();
        workspace.Migrate();
        await using var app = await RunningApp.StartAsync(workspace);

        using var response = await app.Client.GetAsync(new Uri("/", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        foreach (var id in new[] { "quotes", "order-form", "symbol", "side", "quantity", "price", "submit-order", "order-error", "orders", "app-version" })
        {
            Assert.Contains($"id=\"{id}\"", html, StringComparison.Ordinal);
        }

        Assert.Contains("<option value=\"buy\">", html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"sell\">", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/app.js", "javascript")]
    [InlineData("/app.css", "text/css")]
    public async Task The_page_assets_are_served(string path, string mediaType)
    {
        using var workspace = new AppWorkspace();
        workspace.Migrate();
        await using var app = await RunningApp.StartAsync(workspace);

        using var response = await app.Client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(mediaType, response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_reports_the_build_and_the_environment()
    {
        using var workspace = new AppWorkspace();
        workspace.Migrate();
        await using var app = await RunningApp.StartAsync(workspace);

        using var response = await app.Client.GetAsync(new Uri("/version", UriKind.Relative));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var expected = AppVersion.Of(typeof(TradingApplication).Assembly);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected.Version, body.RootElement.GetProperty("version").GetString());
        Assert.Equal(expected.Commit, body.RootElement.GetProperty("commit").GetString());
        Assert.Equal(AppWorkspace.EnvironmentName, body.RootElement.GetProperty("environment").GetString());
    }

    [Fact]
    public async Task Quotes_follow_the_apps_clock()
    {
        var now = new DateTimeOffset(2026, 11, 22, 15, 0, 0, TimeSpan.Zero);
        var clock = new ManualClock(now);
        using var workspace = new AppWorkspace();
        workspace.Migrate();
        await using var app = await RunningApp.StartAsync(workspace, clock);

        using var response = await app.Client.GetAsync(new Uri("/api/quotes", UriKind.Relative));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var expected = new QuoteSimulator(new ManualClock(now)).Current();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var quotes = body.RootElement.EnumerateArray().ToList();
        Assert.Equal(expected.Select(q => q.Symbol), quotes.Select(q => q.GetProperty("symbol").GetString()));
        Assert.All(quotes.Zip(expected), pair =>
        {
            var (json, quote) = pair;
            Assert.Equal(quote.Bid, json.GetProperty("bid").GetDecimal());
            Assert.Equal(quote.Ask, json.GetProperty("ask").GetDecimal());
            Assert.Equal(quote.Last, json.GetProperty("last").GetDecimal());
            Assert.Equal(quote.Change, json.GetProperty("change").GetDecimal());
            Assert.Equal(now, json.GetProperty("timestamp").GetDateTimeOffset());
        });
    }
}
