using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Trading.App.Tests.Support;

namespace Trading.App.Tests.Integration;

public sealed class OrderApiTests
{
    private static readonly Uri Orders = new("/api/orders", UriKind.Relative);
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 14, 5, 9, 250, TimeSpan.Zero);

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    [Fact]
    public async Task A_valid_order_is_stored_as_accepted_and_then_listed()
    {
        using var workspace = new AppWorkspace();
        workspace.Migrate();
        await using var app = await RunningApp.StartAsync(workspace, new ManualClock(Now));

        using var created = await app.Client.PostAsync(Orders, Json("""{"symbol":"AAPL","side":"buy","quantity":150,"price":101.25,"clientOrderId":"desk-7"}"""));
        var order = await ReadAsync(created);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = order.GetProperty("id").GetInt64();
        Assert.Equal($"/api/orders/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal("accepted", order.GetProperty("status").GetString());
        Assert.Equal("AAPL", order.GetProperty("symbol").GetString());
        Assert.Equal(150, order.GetProperty("quantity").GetInt32());
        Assert.Equal(101.25m, order.GetProperty("price").GetDecimal());
        Assert.Equal("desk-7", order.GetProperty("clientOrderId").GetString());
        Assert.Equal(Now, order.GetProperty("createdAt").GetDateTimeOffset());

        using var listed = await app.Client.GetAsync(Orders);
        var orders = await ReadAsync(listed);
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Equal(order.GetRawText(), Assert.Single(orders.EnumerateArray()).GetRawText());

        using var single = await app.Client.GetAsync(new Uri($"/api/orders/{id}", UriKind.Relative));
        Assert.Equal(order.GetRawText(), (await ReadAsync(single)).GetRawText());
    }

    [Fact]
    public async Task Prices_come_back_exactly_as_sent()
    {
        using var workspace = new AppWorkspace();
        workspace.Migrate();
        await using var app = await RunningApp.StartAsync(workspace);

        foreach (var price in new[] { "0.0001", "999999.9999", "187.1234", "0.1" })
        {
            using var created = await app.Client.PostAsync(Orders, Json($$"""{"symbol":"NVDA","side":"sell","quantity":1,"price":{{price}}}"""));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        using var listed = await app.Client.GetAsync(Orders);
        var prices = (await ReadAsync(listed)).EnumerateArray().Select(o => o.GetProperty("price").GetRawText());
        Assert.Equal(["0.1", "187.1234", "999999.9999", "0.0001"], prices);
    }

    [Fact]
    public async Task The_list_holds_the_latest_100_orders_newest_first()
    {
        using var workspace = new AppWorkspace();
        workspace.Migrate();
        var rows = Enumerable.Range(1, 105).Select(i => string.Create(
            CultureInfo.InvariantCulture,
            $"('MSFT', 'buy', {i}, '400.5', 'accepted', '2026-11-22T10:00:{i % 60:D2}.000Z')"));
        workspace.Execute($"INSERT INTO orders (symbol, side, quantity, price, status, created_at) VALUES {string.Join(", ", rows)}");
        await using var app = await RunningApp.StartAsync(workspace);

        using var listed = await app.Client.GetAsync(Orders);
        var ids = (await ReadAsync(listed)).EnumerateArray().Select(o => o.GetProperty("id").GetInt64()).ToList();

        Assert.Equal(Enumerable.Range(6, 100).Reverse().Select(i => (long)i), ids);
    }

    [Fact]
    public async Task A_bad_order_is_400_listing_every_failing_field()
    {
        using var workspace = new AppWorkspace();
        workspace.Migrate();
        await using var app = await RunningApp.StartAsync(workspace);

        using var response = await app.Client.PostAsync(Orders, Json("""{"symbol":"IBM","side":"hold","quantity":0,"price":-5.123456}"""));
        var errors = (await ReadAsync(response)).GetProperty("errors");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["symbol", "side", "quantity", "price"], errors.EnumerateObject().Select(p => p.Name));
        Assert.Equal(
            ["price must be greater than 0", "price must have at most 4 decimal places"],
            errors.GetProperty("price").EnumerateArray().Select(m => m.GetString()));

        using var listed = await app.Client.GetAsync(Orders);
        Assert.Empty((await ReadAsync(listed)).EnumerateArray());
    }

    [Fact]
    public async Task A_field_of_the_wrong_type_is_400_naming_that_field()
    {
        using var workspace = new AppWorkspace();
        workspace.Migrate();
        await using var app = await RunningApp.StartAsync(workspace);

        using var response = await app.Client.PostAsJsonAsync(Orders, new { symbol = "AAPL", side = "buy", quantity = "ten", price = 10 });
        var errors = (await ReadAsync(response)).GetProperty("errors");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("quantity", Assert.Single(errors.EnumerateObject()).Name);
    }

    [Theory]
    [InlineData("{\"symbol\":")]
    [InlineData("not json")]
    [InlineData("")]
    public async Task Malformed_json_is_400_with_a_clear_message(string body)
    {
        using var workspace = new AppWorkspace();
        workspace.Migrate();
        await using var app = await RunningApp.StartAsync(workspace);

        using var response = await app.Client.PostAsync(Orders, Json(body));
        var message = Assert.Single((await ReadAsync(response)).GetProperty("errors").GetProperty("body").EnumerateArray()).GetString();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("the request body is not valid JSON: ", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_json_body_that_is_not_an_object_is_400()
    {
        using var workspace = new AppWorkspace();
        workspace.Migrate();
        await using var app = await RunningApp.StartAsync(workspace);

        using var response = await app.Client.PostAsync(Orders, Json("[1, 2]"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("body", Assert.Single((await ReadAsync(response)).GetProperty("errors").EnumerateObject()).Name);
    }

    [Fact]
    public async Task An_unknown_order_id_is_404()
    {
        using var workspace = new AppWorkspace();
        workspace.Migrate();
        await using var app = await RunningApp.StartAsync(workspace);

        using var response = await app.Client.GetAsync(new Uri("/api/orders/424242", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
