using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Trading.App.Tests.Support;
using Xunit.Abstractions;

namespace Trading.App.Tests.Integration;

/// <summary>Requests that meet in the database: readers and writers at once, as a trading desk's clients are.</summary>
public sealed class ConcurrencyTests(ITestOutputHelper output)
{
    private const int Clients = 3;
    private const int RoundsPerClient = 200;

    // Every client loops at least this many rounds however slow the machine is, then goes on until Duration is up.
    private const int MinimumRounds = 10;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(4);

    [Fact]
    public async Task An_order_is_acknowledged_and_stored_while_another_connection_holds_a_read_transaction()
    {
        using var workspace = new AppWorkspace();
        workspace.Migrate();
        await using var app = await RunningApp.StartAsync(workspace);
        using (var health = await app.Client.GetAsync(new Uri("/health", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }

        using var reader = workspace.BeginReadTransaction();

        using var placed = await app.Client.PostAsync(new Uri("/api/orders", UriKind.Relative), Order("reader-open"));

        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        using var order = JsonDocument.Parse(await placed.Content.ReadAsStringAsync());
        reader.Dispose();
        Assert.Contains(order.RootElement.GetProperty("id").GetInt64(), workspace.OrderIds());
    }

    /// <summary>
    /// Three clients each loop: place an order, list orders, check health; against the real app on loopback,
    /// bounded in rounds and time.
    /// </summary>
    [Fact]
    public async Task Three_looping_clients_get_no_5xx_and_every_acknowledged_order_is_stored()
    {
        using var workspace = new AppWorkspace();
        workspace.Migrate();
        await using var app = await RunningApp.StartAsync(workspace);

        // A request under way when time is up still completes: whether it was acknowledged is what counts.
        var stopAt = Stopwatch.StartNew();
        var results = await Task.WhenAll(Enumerable.Range(0, Clients).Select(client => Task.Run(() => LoopAsync(app.Client, client, () => stopAt.Elapsed >= Duration))));
        var failures = results.SelectMany(r => r.Failures).ToList();
        var acknowledged = results.SelectMany(r => r.AcknowledgedIds).ToList();

        output.WriteLine($"{acknowledged.Count} orders acknowledged, {failures.Count} answers of 5xx");
        Assert.True(failures.Count == 0, $"{failures.Count} answer(s) of 5xx, e.g. {failures.FirstOrDefault()}");
        Assert.True(acknowledged.Count >= Clients * MinimumRounds, $"only {acknowledged.Count} of at least {Clients * MinimumRounds} orders were acknowledged");
        Assert.Equal(acknowledged.Count, acknowledged.Distinct().Count());
        var stored = workspace.OrderIds();
        Assert.Empty(acknowledged.Except(stored));
    }

    private static async Task<ClientResult> LoopAsync(HttpClient client, int number, Func<bool> timeIsUp)
    {
        var result = new ClientResult();
        for (var round = 0; round < RoundsPerClient && (round < MinimumRounds || !timeIsUp()); round++)
        {
            using (var placed = await client.PostAsync(new Uri("/api/orders", UriKind.Relative), Order($"client-{number}-{round}")))
            {
                var text = await placed.Content.ReadAsStringAsync();
                if (placed.StatusCode == HttpStatusCode.Created)
                {
                    using var order = JsonDocument.Parse(text);
                    result.AcknowledgedIds.Add(order.RootElement.GetProperty("id").GetInt64());
                }

                result.Check("POST /api/orders", placed.StatusCode, text);
            }

            foreach (var path in new[] { "/api/orders", "/health" })
            {
                using var read = await client.GetAsync(new Uri(path, UriKind.Relative));
                result.Check($"GET {path}", read.StatusCode, await read.Content.ReadAsStringAsync());
            }
        }

        return result;
    }

    private static StringContent Order(string clientOrderId) =>
        new($$"""{"symbol":"AAPL","side":"buy","quantity":10,"price":101.25,"clientOrderId":"{{clientOrderId}}"}""", Encoding.UTF8, "application/json");

    private sealed class ClientResult
    {
        public List<long> AcknowledgedIds { get; } = [];

        public List<string> Failures { get; } = [];

        public void Check(string request, HttpStatusCode status, string body)
        {
            if ((int)status >= 500)
            {
                Failures.Add($"{request}: {(int)status} {body}");
            }
        }
    }
}
