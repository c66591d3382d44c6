using System.Net.Http.Json;
using System.Text.Json;
using Pipeline.Core.Configuration.Model;
using Pipeline.Core.Hosting;

namespace Pipeline.Core.Deployment;

/// <summary>Where the app of an environment answers, and whether the right version answers healthy.</summary>
public sealed class AppEndpoint(ServerSettings server, HealthCheckSettings health, HttpClient http)
{
    public Uri Url { get; } = new($"http://{(server.Host is "0.0.0.0" or "*" ? "127.0.0.1" : server.Host)}:{server.Port}/");

    public Uri ListenUrl => new($"http://{server.Host}:{server.Port}/");

    /// <summary>Healthy means /health answers 200 and /version names <paramref name="expectedVersion"/>.</summary>
    public async Task<HealthResult> CheckAsync(string expectedVersion, Func<bool>? givenUp = null, CancellationToken cancellationToken = default)
    {
        var result = await new HealthProbe(http)
            .WaitAsync(new Uri(Url, health.Path.TrimStart('/')), health.Retries, TimeSpan.FromSeconds(health.IntervalSeconds), TimeSpan.FromSeconds(health.TimeoutSeconds), givenUp, cancellationToken)
            .ConfigureAwait(false);
        if (!result.Healthy)
        {
            return result;
        }

        var version = await ReadVersionAsync(cancellationToken).ConfigureAwait(false);
        return version == expectedVersion
            ? result
            : result with { Healthy = false, Detail = $"/health answered, but /version says {version ?? "nothing"}, not {expectedVersion}" };
    }

    /// <summary>One look: whether /health answers 200 now, and the version /version names.</summary>
    public async Task<(bool Healthy, string? Version, string Detail)> ProbeOnceAsync(CancellationToken cancellationToken = default)
    {
        var result = await new HealthProbe(http)
            .WaitAsync(new Uri(Url, health.Path.TrimStart('/')), 1, TimeSpan.Zero, TimeSpan.FromSeconds(5), cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        var version = result.Healthy ? await ReadVersionAsync(cancellationToken).ConfigureAwait(false) : null;
        return (result.Healthy, version, result.Healthy ? "healthy" : result.Detail);
    }

    private async Task<string?> ReadVersionAsync(CancellationToken cancellationToken)
    {
        try
        {
            var document = await http.GetFromJsonAsync<JsonElement>(new Uri(Url, "version"), cancellationToken).ConfigureAwait(false);
            return document.TryGetProperty("version", out var version) ? version.GetString() : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
