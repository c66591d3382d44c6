using System.Diagnostics;
using System.Net.Sockets;

namespace Pipeline.Core.Tests.Support;

/// <summary>Waits for a test server started as a child process to accept connections on its loopback port.</summary>
public static class ServerProcess
{
    public static void WaitUntilListening(Process process, int port, string name, Func<string> printed, TimeSpan patience)
    {
        var stopAt = DateTime.UtcNow + patience;
        while (DateTime.UtcNow < stopAt)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{name} exited with code {process.ExitCode}: {printed()}");
            }

            try
            {
                using var probe = new TcpClient();
                probe.Connect("127.0.0.1", port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(100);
            }
        }

        throw new TimeoutException($"{name} did not listen on 127.0.0.1:{port} within {patience.TotalSeconds} s: {printed()}");
    }
}
