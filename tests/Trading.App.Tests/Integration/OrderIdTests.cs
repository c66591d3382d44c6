using System.Net;
using System.Text;
using System.Text.Json;
using Trading.App.Tests.Support;

namespace Trading.App.Tests.Integration;

/// <summary>An order id names one order forever: a confirmation a client holds never comes to mean another order.</summary>
public sealed class OrderIdTests
{
    [Fact]
    public async Task The_id_of_a_deleted_highest_order_is_not_issued_again()
    {
        using var workspace = new AppWorkspace();
        workspace.Migrate();
        await using var app = await RunningApp.StartAsync(workspace);
        var first = await PlaceAsync(app.Client, "first");
        var highest = await PlaceAsync(app.Client, "highest");

        workspace.Execute($"DELETE FROM orders WHERE id = {highest}");
        var next = await PlaceAsync(app.Client, "after-delete");

        Assert.True(highest > first);
        Assert.True(next > highest, $"order id {next} was issued after order {highest} was deleted; ids must never be reused");
    }

    [Fact]
    public async Task Ids_keep_rising_when_every_order_was_deleted()
    {
        using var workspace = new AppWorkspace();
        workspace.Migrate();
        await using var app = await RunningApp.StartAsync(workspace);
        var issued = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            issued.Add(await PlaceAsync(app.Client, $"order-{i}"));
        }

        workspace.Execute("DELETE FROM orders");
        var next = await PlaceAsync(app.Client, "after-delete");

        Assert.True(next > issued.Max(), $"order id {next} was issued again after orders {string.Join(", ", issued)} were deleted");
    }

    private static async Task<long> PlaceAsync(HttpClient client, string clientOrderId)
    {
        using var content = new StringContent($$"""{"symbol":"MSFT","side":"buy","quantity":5,"price":400.5,"clientOrderId":"{{clientOrderId}}"}""", Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri("/api/orders", UriKind.Relative), content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST /api/orders: {(int)response.StatusCode} {body}");
        using var order = JsonDocument.Parse(body);
        return order.RootElement.GetProperty("id").GetInt64();
    }
}
