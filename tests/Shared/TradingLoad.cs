using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace Pipeline.Testing;

/// <summary>
/// A trading desk's load on the real app, bounded in time: three clients in a loop, GET /health on a fresh
/// connection each time, GET /api/orders and POST /api/orders (each with a unique clientOrderId) on pooled
/// connections, a short pause between requests. Refused connections are counted apart from 5xx answers, timeouts
/// and other failures; writes refused with 503 (a write freeze) are counted with whether they said Retry-After;
/// every acknowledged order (201) is kept with its id, clientOrderId and when it was acknowledged.
/// </summary>
public sealed class TradingLoad : IAsyncDisposable
{
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaxDuration = TimeSpan.FromMinutes(5);
    private readonly CancellationTokenSource stop = new(MaxDuration);
    private readonly HttpClient http;
    private readonly Uri url;
    private readonly Task[] loops;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly ConcurrentQueue<string> failures = new();
    private readonly ConcurrentDictionary<string, int> versions = new(StringComparer.Ordinal);
    private readonly string run = Guid.NewGuid().ToString("N")[..8];
    private int requests;
    private int reads;
    private int refused;
    private int serverErrors;
    private int refusedWrites;
    private int refusedWithoutRetryAfter;
    private int failedWrites;
    private int timeouts;
    private int otherFailures;
    private int round;
    private long lastSuccess;
    private long longestGap;

    private TradingLoad(Uri url, TimeSpan requestTimeout)
    {
        this.url = url;
        http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = requestTimeout };
        loops = [Loop(HealthAsync, write: false), Loop(ListAsync, write: false), Loop(PlaceAsync, write: true)];
    }

    /// <summary>Acknowledged orders: (id, clientOrderId, when the 201 arrived), in the order they were acknowledged.</summary>
    public ConcurrentQueue<(long Id, string ClientOrderId, DateTimeOffset At)> Acknowledged { get; } = new();

    /// <summary>Reads (GET /health, GET /api/orders) that did not get a success, with what they got.</summary>
    public ConcurrentQueue<string> FailedReads { get; } = new();

    public int Reads => Volatile.Read(ref reads);

    /// <summary>Writes answered 503 (a write freeze).</summary>
    public int RefusedWrites => Volatile.Read(ref refusedWrites);

    public int RefusedWithoutRetryAfter => Volatile.Read(ref refusedWithoutRetryAfter);

    /// <summary>Writes that got neither 201 nor 503 (a refused connection, a timeout, a 500).</summary>
    public int FailedWrites => Volatile.Read(ref failedWrites);

    public static TradingLoad Start(Uri url, TimeSpan? requestTimeout = null) => new(url, requestTimeout ?? TimeSpan.FromSeconds(20));

    /// <summary>Waits (up to a minute) until at least <paramref name="count"/> orders have been acknowledged.</summary>
    public async Task AcknowledgedAtLeastAsync(int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (Acknowledged.Count < count)
        {
            await Task.Delay(20, timeout.Token);
        }
    }

    /// <summary>Stops the clients and says what they saw.</summary>
    public async Task<LoadReport> StopAsync()
    {
        await stop.CancelAsync();
        await Task.WhenAll(loops);
        return new LoadReport(
            Volatile.Read(ref requests),
            Volatile.Read(ref refused),
            Volatile.Read(ref serverErrors),
            RefusedWrites,
            Volatile.Read(ref timeouts),
            Volatile.Read(ref otherFailures),
            [.. Acknowledged.Select(a => a.Id)],
            new Dictionary<string, int>(versions),
            TimeSpan.FromTicks(Interlocked.Read(ref longestGap)),
            [.. failures.Take(10)]);
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

    private Task Loop(Func<Task<HttpResponseMessage>> send, bool write) => Task.Run(async () =>
    {
        while (!stop.IsCancellationRequested)
        {
            Interlocked.Increment(ref requests);
            if (!write)
            {
                Interlocked.Increment(ref reads);
            }

            try
            {
                using var response = await send();
                Answered(response, write);
            }
            catch (HttpRequestException ex) when (ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
            {
                Interlocked.Increment(ref refused);
                Failed(write, $"refused: {ex.Message}");
            }
            catch (TaskCanceledException) when (!stop.IsCancellationRequested)
            {
                Interlocked.Increment(ref timeouts);
                Failed(write, "timed out");
            }
            catch (TaskCanceledException)
            {
                // Stopping: the request was cut short by the test, not by the app.
                Interlocked.Decrement(ref requests);
                if (!write)
                {
                    Interlocked.Decrement(ref reads);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or JsonException or IOException)
            {
                Interlocked.Increment(ref otherFailures);
                Failed(write, $"{(write ? "POST" : "GET")} {ex.GetType().Name}: {ex.Message}{(ex.InnerException is { } inner ? $" ({inner.Message})" : string.Empty)}");
            }

            await Task.Delay(Pause, CancellationToken.None);
        }
    });

    private void Answered(HttpResponseMessage response, bool write)
    {
        var status = (int)response.StatusCode;
        if (write && response.StatusCode == HttpStatusCode.ServiceUnavailable)
        {
            Interlocked.Increment(ref refusedWrites);
            if (response.Headers.RetryAfter is null)
            {
                Interlocked.Increment(ref refusedWithoutRetryAfter);
            }
        }
        else if (status >= 500)
        {
            Interlocked.Increment(ref serverErrors);
            Failed(write, $"{status} from {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath}");
        }
        else if (write && response.StatusCode != HttpStatusCode.Created)
        {
            Interlocked.Increment(ref otherFailures);
            Failed(write, $"{status} from POST /api/orders");
        }
        else if (!write && !response.IsSuccessStatusCode)
        {
            Interlocked.Increment(ref otherFailures);
            Failed(write, $"{status} from GET {response.RequestMessage?.RequestUri?.AbsolutePath}");
        }
        else
        {
            Succeeded();
        }
    }

    private void Failed(bool write, string what)
    {
        failures.Enqueue(what);
        if (write)
        {
            Interlocked.Increment(ref failedWrites);
        }
        else
        {
            FailedReads.Enqueue(what);
        }
    }

    private async Task<HttpResponseMessage> HealthAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, "health"));
        request.Headers.ConnectionClose = true;
        var response = await http.SendAsync(request, stop.Token);
        if (response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(stop.Token);
            versions.AddOrUpdate(body.GetProperty("version").GetString() ?? "?", 1, (_, n) => n + 1);
        }

        return response;
    }

    private async Task<HttpResponseMessage> ListAsync()
    {
        var response = await http.GetAsync(new Uri(url, "api/orders"), stop.Token);
        await response.Content.ReadAsByteArrayAsync(stop.Token);
        return response;
    }

    private async Task<HttpResponseMessage> PlaceAsync()
    {
        var next = Interlocked.Increment(ref round);
        var clientOrderId = $"load-{run}-{next}";
        var response = await http.PostAsJsonAsync(new Uri(url, "api/orders"), new { symbol = "AAPL", side = "buy", quantity = 1 + (next % 50), price = 187.5m, clientOrderId }, stop.Token);
        if (response.StatusCode == HttpStatusCode.Created)
        {
            var order = await response.Content.ReadFromJsonAsync<JsonElement>(stop.Token);
            Acknowledged.Enqueue((order.GetProperty("id").GetInt64(), clientOrderId, DateTimeOffset.UtcNow));
        }

        return response;
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
    int RefusedWrites,
    int Timeouts,
    int OtherFailures,
    IReadOnlyList<long> Acknowledged,
    IReadOnlyDictionary<string, int> VersionsSeen,
    TimeSpan LongestGap,
    IReadOnlyList<string> FirstFailures)
{
    /// <summary>Every request that did not get what it asked for, a write refused by a freeze included.</summary>
    public int Failed => Refused + ServerErrors + RefusedWrites + Timeouts + OtherFailures;

    public override string ToString() =>
        $"{Requests} requests: {Refused} refused, {ServerErrors} 5xx, {RefusedWrites} writes answered 503, {Timeouts} timed out, {OtherFailures} other failures; " +
        $"{Acknowledged.Count} orders acknowledged; versions seen: {string.Join(", ", VersionsSeen.Select(v => $"{v.Key} x{v.Value}"))}; " +
        $"longest gap between answers {LongestGap.TotalMilliseconds:F0} ms; first failures: {string.Join(" | ", FirstFailures)}";
}
