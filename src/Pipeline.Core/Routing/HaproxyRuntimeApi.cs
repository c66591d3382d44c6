using System.Net.Sockets;
using System.Text;

namespace Pipeline.Core.Routing;

/// <summary>
/// HAProxy's runtime API over its stats socket (<c>stats socket PATH level admin</c>): one command per connection,
/// the reply read until haproxy closes it. Changes take effect at once, with no reload.
/// </summary>
public sealed class HaproxyRuntimeApi(string socketPath)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public string SocketPath => socketPath;

    /// <summary>Sends <paramref name="command"/> and returns haproxy's reply, as it wrote it.</summary>
    /// <exception cref="RouterException">Nothing answers at the socket.</exception>
    public async Task<string> SendAsync(string command, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), timeout.Token).ConfigureAwait(false);
            await socket.SendAsync(Encoding.ASCII.GetBytes(command + "\n"), SocketFlags.None, timeout.Token).ConfigureAwait(false);
            var reply = new StringBuilder();
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token).ConfigureAwait(false)) > 0)
            {
                reply.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }

            return reply.ToString();
        }
        catch (SocketException ex)
        {
            throw new RouterException($"haproxy is unreachable at its admin socket {socketPath} ({ex.Message}) while sending \"{command}\"; check haproxy runs with \"stats socket {socketPath} level admin\" and this user may open the socket. Nothing was changed at the balancer.", ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RouterException($"haproxy did not answer \"{command}\" on {socketPath} within {Timeout.TotalSeconds:0} s.", ex);
        }
    }
}
