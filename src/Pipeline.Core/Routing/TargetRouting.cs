using System.Diagnostics;

namespace Pipeline.Core.Routing;

/// <summary>
/// The balancer's view of the application targets: which server each one is, and taking a target out of traffic
/// before it restarts (drain, then wait until its requests in flight have finished) and back in once it is healthy.
/// </summary>
public sealed class TargetRouting(IRouter router, IReadOnlyDictionary<string, string> servers, TimeSpan drainPatience)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    public IRouter Router => router;

    public string Description => router.Description;

    public string ServerOf(string target) =>
        servers.TryGetValue(target, out var server) ? server : throw new RouterException($"the router has no server for target {target}; name one under deployment.router.servers.");

    /// <summary>Stops new requests to <paramref name="target"/> and waits (at most the patience) until none is in flight there.</summary>
    public async Task DrainAsync(string target, Action<string> say, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(say);
        var server = ServerOf(target);
        var clock = Stopwatch.StartNew();
        await router.DrainAsync(server, cancellationToken).ConfigureAwait(false);
        long inFlight;
        while ((inFlight = await InFlightAsync(server, cancellationToken).ConfigureAwait(false)) > 0 && clock.Elapsed < drainPatience)
        {
            await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
        }

        say(inFlight == 0
            ? $"drained {target} (server {server}) at {router.Description}: no request in flight after {clock.Elapsed.TotalSeconds:0.0} s"
            : $"drained {target} (server {server}) at {router.Description}, but {inFlight} request(s) were still in flight after {drainPatience.TotalSeconds:0} s; restarting anyway");
    }

    /// <summary>Sends <paramref name="target"/> traffic again.</summary>
    public async Task AdmitAsync(string target, Action<string> say, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(say);
        var server = ServerOf(target);
        await router.ReadyAsync(server, cancellationToken).ConfigureAwait(false);
        say($"admitted {target} (server {server}) at {router.Description} again");
    }

    private async Task<long> InFlightAsync(string server, CancellationToken cancellationToken) =>
        (await router.ReadCountersAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(c => c.Server == server)?.CurrentSessions
        ?? throw new RouterException($"{router.Description} has no server {server}; check deployment.router.servers.");
}
