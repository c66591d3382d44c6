using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Trading.App.Hosting;

/// <summary>
/// Lets a new version start while the old one still serves: before binding, the app waits (up to
/// TRADING_PORT_WAIT_SECONDS) for its ports to be released. The deploy starts the new process first and
/// only then stops the old one, so the port changes hands in moments and something always answers.
/// </summary>
public static class PortHandover
{
    public const string WaitVariable = "TRADING_PORT_WAIT_SECONDS";

    public static TimeSpan ConfiguredWait() =>
        int.TryParse(Environment.GetEnvironmentVariable(WaitVariable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.Zero;

    /// <summary>Waits until every port in <paramref name="urls"/> can be bound, or <paramref name="wait"/> passes; true when all are free.</summary>
    public static async Task<bool> WaitForPortsAsync(string? urls, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        var endpoints = Parse(urls);
        var deadline = DateTimeOffset.UtcNow + wait;
        while (!endpoints.All(IsFree))
        {
            if (DateTimeOffset.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(25), cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    private static List<IPEndPoint> Parse(string? urls) =>
        (urls ?? string.Empty)
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(url => Uri.TryCreate(url.Replace("*", "0.0.0.0", StringComparison.Ordinal).Replace("+", "0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri) ? uri : null)
            .OfType<Uri>()
            .Select(uri => new IPEndPoint(IPAddress.TryParse(uri.Host, out var address) ? address : IPAddress.Loopback, uri.Port))
            .ToList();

    private static bool IsFree(IPEndPoint endpoint)
    {
        using var probe = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            probe.Bind(endpoint);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
