using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Pipeline.Core.Hosting;

namespace Pipeline.FrontDoor;

/// <summary>
/// A free loopback port for an instance, taken below the kernel's ephemeral range: a port from that range can be
/// given to an outgoing connection (the front door makes many) between the moment it is chosen and the moment the
/// app binds it.
/// </summary>
internal static class PrivatePort
{
    private const int Lowest = 10000;

    public static int Next()
    {
        var ephemeralStart = EphemeralRangeStart();
        if (ephemeralStart - Lowest < 1000)
        {
            return FreePort.Next();
        }

        for (var attempt = 0; attempt < 50; attempt++)
        {
            var port = Random.Shared.Next(Lowest, ephemeralStart);
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                probe.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException)
            {
                // Taken; try another.
            }
        }

        return FreePort.Next();
    }

    private static int EphemeralRangeStart()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return int.Parse(range[0], CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 32768;
        }
    }
}
