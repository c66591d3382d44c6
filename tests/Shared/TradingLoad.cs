using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Pipeline.Testing;

/// <summary>
/// A trading desk's load on the real app, bounded in rounds and time: three clients, one looping GET /health, one
/// GET /api/orders, one POST /api/orders with a unique clientOrderId. It records every acknowledged order (201) by id
/// and clientOrderId, the writes refused with 503 (and whether they said Retry-After), and every read that failed.
/// </summary>
public sealed class TradingLoad : IAsyncDisposable
{
    private const int MaxRounds = 20_000;
    private static readonly TimeSpan MaxDuration = TimeSpan.FromMinutes(3);

    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly CancellationTokenSource stop = new(MaxDuration);
    private readonly Uri url;
    private readonly List<Task> clients;
    private long refusedWrites;
    private long refusedWithoutRetryAfter;
    private long failedWrites;
    private long reads;

    private TradingLoad(Uri url)
    {
        this.url = url;
        clients = [Task.Run(() => ReadLoopAsync("health")), Task.Run(() => ReadLoopAsync("api/orders")), Task.Run(WriteLoopAsync)];
    }

    /// <summary>Acknowledged orders: (id, clientOrderId, when the 201 arrived), in the order they were acknowledged.</summary>
    public ConcurrentQueue<(long Id, string ClientOrderId, DateTimeOffset At)> Acknowledged { get; } = new();

    /// <summary>Reads (GET /health, GET /api/orders) that did not get 200, with what they got.</summary>
    public ConcurrentQueue<string> FailedReads { get; } = new();

    public long RefusedWrites => Interlocked.Read(ref refusedWrites);

    public long RefusedWithoutRetryAfter => Interlocked.Read(ref refusedWithoutRetryAfter);

    /// <summary>Writes that got neither 201 nor 503 (a refused connection while an app restarts, a 500).</summary>
    public long FailedWrites => Interlocked.Read(ref failedWrites);

    public long Reads => Interlocked.Read(ref reads);

    public static TradingLoad Start(Uri url) => new(url);

    /// <summary>Waits until at least <paramref name="count"/> orders have been acknowledged.</summary>
    public async Task AcknowledgedAtLeastAsync(int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (Acknowledged.Count < count)
        {
            await Task.Delay(20, timeout.Token);
        }
    }

    public async Task StopAsync()
    {
        await stop.CancelAsync();
        await Task.WhenAll(clients);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        stop.Dispose();
        http.Dispose();
    }

    private async Task ReadLoopAsync(string path)
    {
        for (var round = 0; round < MaxRounds && !stop.IsCancellationRequested; round++)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(url, path));
                Interlocked.Increment(ref reads);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    FailedReads.Enqueue($"GET /{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }
            catch (HttpRequestException ex)
            {
                Interlocked.Increment(ref reads);
                FailedReads.Enqueue($"GET /{path}: {ex.Message}");
            }
        }
    }

    private async Task WriteLoopAsync()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        for (var round = 0; round < MaxRounds && !stop.IsCancellationRequested; round++)
        {
            var clientOrderId = $"load-{run}-{round}";
            try
            {
                using var response = await http.PostAsJsonAsync(new Uri(url, "api/orders"), new { symbol = "AAPL", side = "buy", quantity = 1 + (round % 50), price = 187.5m, clientOrderId });
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    var order = await response.Content.ReadFromJsonAsync<JsonElement>();
                    Acknowledged.Enqueue((order.GetProperty("id").GetInt64(), clientOrderId, DateTimeOffset.UtcNow));
                }
                else if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    Interlocked.Increment(ref refusedWrites);
                    if (response.Headers.RetryAfter is null)
                    {
                        Interlocked.Increment(ref refusedWithoutRetryAfter);
                    }
                }
                else
                {
                    Interlocked.Increment(ref failedWrites);
                }
            }
            catch (HttpRequestException)
            {
                Interlocked.Increment(ref failedWrites);
                await Task.Delay(20);
            }
        }
    }
}
