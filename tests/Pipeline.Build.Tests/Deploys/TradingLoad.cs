using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace Pipeline.Build.Tests.Deploys;

/// <summary>
/// A trading desk's load on the app, bounded: three clients in a loop, GET /health on a fresh connection each time,
/// GET /api/orders and POST /api/orders on pooled connections, a short pause between requests. Refused connections
/// are counted apart from 5xx answers, timeouts and other failures; every acknowledged order (201) is kept.
/// </summary>
public sealed class TradingLoad : IAsyncDisposable
{
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(10);
    private readonly CancellationTokenSource stop = new();
    private readonly HttpClient http;
    private readonly Uri url;
    private readonly Task[] loops;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly ConcurrentQueue<string> failures = new();
    private readonly ConcurrentBag<long> acknowledged = [];
    private readonly ConcurrentDictionary<string, int> versions = new(StringComparer.Ordinal);
    private int requests;
    private int refused;
    private int serverErrors;
    private int timeouts;
    private int otherFailures;
    private long lastSuccess;
    private long longestGap;

    private TradingLoad(Uri url, TimeSpan requestTimeout)
    {
        this.url = url;
        http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = requestTimeout };
        loops = [Loop(HealthAsync), Loop(ListAsync), Loop(PlaceAsync)];
    }

    public static TradingLoad Start(Uri url, TimeSpan? requestTimeout = null) => new(url, requestTimeout ?? TimeSpan.FromSeconds(20));

    /// <summary>Stops the clients and says what they saw.</summary>
    public async Task<LoadReport> StopAsync()
    {
        await stop.CancelAsync();
        await Task.WhenAll(loops);
        return new LoadReport(requests, refused, serverErrors, timeouts, otherFailures, [.. acknowledged], new Dictionary<string, int>(versions), TimeSpan.FromTicks(longestGap), [.. failures.Take(10)]);
    }

    public async ValueTask DisposeAsync()
    {
        if (!stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        http.Dispose();
        stop.Dispose();
    }

    private Task Loop(Func<Task<HttpStatusCode>> request) => Task.Run(async () =>
    {
        while (!stop.IsCancellationRequested)
        {
            Interlocked.Increment(ref requests);
            try
            {
                var status = await request();
                if ((int)status >= 500)
                {
                    Interlocked.Increment(ref serverErrors);
                    failures.Enqueue($"{status}");
                }
                else
                {
                    Succeeded();
                }
            }
            catch (HttpRequestException ex) when (ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
            {
                Interlocked.Increment(ref refused);
                failures.Enqueue($"refused: {ex.Message}");
            }
            catch (TaskCanceledException) when (!stop.IsCancellationRequested)
            {
                Interlocked.Increment(ref timeouts);
                failures.Enqueue("timed out");
            }
            catch (TaskCanceledException)
            {
                // Stopping: the request was cut short by the test, not by the app.
                Interlocked.Decrement(ref requests);
            }
            catch (Exception ex) when (ex is HttpRequestException or JsonException or IOException)
            {
                Interlocked.Increment(ref otherFailures);
                failures.Enqueue($"{ex.GetType().Name}: {ex.Message}");
            }

            await Task.Delay(Pause);
        }
    });

    private async Task<HttpStatusCode> HealthAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, "health"));
        request.Headers.ConnectionClose = true;
        using var response = await http.SendAsync(request, stop.Token);
        if (response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(stop.Token);
            versions.AddOrUpdate(body.GetProperty("version").GetString() ?? "?", 1, (_, n) => n + 1);
        }

        return response.StatusCode;
    }

    private async Task<HttpStatusCode> ListAsync()
    {
        using var response = await http.GetAsync(new Uri(url, "api/orders"), stop.Token);
        await response.Content.ReadAsByteArrayAsync(stop.Token);
        return response.StatusCode;
    }

    private async Task<HttpStatusCode> PlaceAsync()
    {
        using var response = await http.PostAsJsonAsync(new Uri(url, "api/orders"), new { symbol = "AAPL", side = "buy", quantity = 1, price = 187.5m }, stop.Token);
        if (response.StatusCode == HttpStatusCode.Created)
        {
            var order = await response.Content.ReadFromJsonAsync<JsonElement>(stop.Token);
            acknowledged.Add(order.GetProperty("id").GetInt64());
        }

        return response.StatusCode;
    }

    private void Succeeded()
    {
        var now = clock.Elapsed.Ticks;
        var previous = Interlocked.Exchange(ref lastSuccess, now);
        if (previous == 0)
        {
            return;
        }

        var gap = now - previous;
        long longest;
        while (gap > (longest = Interlocked.Read(ref longestGap)) && Interlocked.CompareExchange(ref longestGap, gap, longest) != longest)
        {
        }
    }
}

/// <summary>What the clients of a <see cref="TradingLoad"/> saw.</summary>
public sealed record LoadReport(
    int Requests,
    int Refused,
    int ServerErrors,
    int Timeouts,
    int OtherFailures,
    IReadOnlyList<long> Acknowledged,
    IReadOnlyDictionary<string, int> VersionsSeen,
    TimeSpan LongestGap,
    IReadOnlyList<string> FirstFailures)
{
    public int Failed => Refused + ServerErrors + Timeouts + OtherFailures;

    public override string ToString() =>
        $"{Requests} requests: {Refused} refused, {ServerErrors} 5xx, {Timeouts} timed out, {OtherFailures} other failures; " +
        $"{Acknowledged.Count} orders acknowledged; versions seen: {string.Join(", ", VersionsSeen.Select(v => $"{v.Key} x{v.Value}"))}; " +
        $"longest gap between answers {LongestGap.TotalMilliseconds:F0} ms; first failures: {string.Join(" | ", FirstFailures)}";
}
