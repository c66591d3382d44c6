using System.Globalization;

namespace Pipeline.Core.Routing;

/// <summary>A backend of a running haproxy, changed through its runtime API; a reply other than an empty one is a refusal.</summary>
public sealed class HaproxyRouter(HaproxyRuntimeApi api, string backend) : IRouter
{
    public string Description => $"haproxy at {api.SocketPath}, backend {backend}";

    public Task SetWeightAsync(string server, int weight, CancellationToken cancellationToken = default) =>
        weight is < 0 or > 256
            ? throw new ArgumentOutOfRangeException(nameof(weight), weight, "haproxy weights are 0-256")
            : ChangeAsync($"set weight {backend}/{server} {weight.ToString(CultureInfo.InvariantCulture)}", cancellationToken);

    // haproxy runs the commands of one line separated by ';' in order, before it reads another connection's.
    public Task SetWeightsAsync(IReadOnlyList<(string Server, int Weight)> weights, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(weights);
        return weights.FirstOrDefault(w => w.Weight is < 0 or > 256) is { Server: not null } wrong
            ? throw new ArgumentOutOfRangeException(nameof(weights), wrong.Weight, $"haproxy weights are 0-256 ({wrong.Server})")
            : ChangeAsync(string.Join("; ", weights.Select(w => $"set weight {backend}/{w.Server} {w.Weight.ToString(CultureInfo.InvariantCulture)}")), cancellationToken);
    }

    public Task DrainAsync(string server, CancellationToken cancellationToken = default) =>
        ChangeAsync($"set server {backend}/{server} state drain", cancellationToken);

    public Task ReadyAsync(string server, CancellationToken cancellationToken = default) =>
        ChangeAsync($"set server {backend}/{server} state ready", cancellationToken);

    public async Task<IReadOnlyList<ServerCounters>> ReadCountersAsync(CancellationToken cancellationToken = default)
    {
        var reply = await api.SendAsync("show stat", cancellationToken).ConfigureAwait(false);
        return HaproxyStatCsv.Parse(reply, backend) is { Count: > 0 } servers
            ? servers
            : throw new RouterException($"haproxy at {api.SocketPath} reports no servers in backend {backend}; its \"show stat\" answered: \"{Shorten(reply)}\". Check the router's backend name.");
    }

    private async Task ChangeAsync(string command, CancellationToken cancellationToken)
    {
        var reply = (await api.SendAsync(command, cancellationToken).ConfigureAwait(false)).Trim();
        if (reply.Length > 0)
        {
            throw new RouterException($"haproxy at {api.SocketPath} refused \"{command}\": \"{Shorten(reply)}\".");
        }
    }

    private static string Shorten(string reply) => reply.Length <= 300 ? reply.Trim() : reply[..300] + "...";
}
