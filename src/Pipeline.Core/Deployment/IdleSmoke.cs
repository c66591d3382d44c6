using Pipeline.Core.Hosting;
using Pipeline.Core.Targets;

namespace Pipeline.Core.Deployment;

/// <summary>
/// The smoke test of a blue/green colour before traffic moves to it: a read of the order book on the target's own
/// address, which needs the app, its database and its schema, not only a process that answers /health.
/// </summary>
public static class IdleSmoke
{
    public const string Path = "api/orders";

    /// <summary>Null when GET /api/orders answers 2xx on <paramref name="target"/>; otherwise why it failed.</summary>
    public static async Task<HealthResult?> CheckAsync(IDeployTarget target, HttpClient http, Action<string> say, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(say);
        var address = new Uri(target.Url, Path);
        try
        {
            using var response = await http.GetAsync(address, cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                say($"smoke test passed on {target.Name}: GET {address} answered {(int)response.StatusCode}");
                return null;
            }

            return new HealthResult(false, 1, response.StatusCode, $"smoke test failed on {target.Name}: GET {address} answered {(int)response.StatusCode}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return new HealthResult(false, 1, null, $"smoke test failed on {target.Name}: GET {address}: {ex.Message}");
        }
    }
}
