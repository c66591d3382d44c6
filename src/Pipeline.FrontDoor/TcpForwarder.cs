using System.Net;
using System.Net.Sockets;

namespace Pipeline.FrontDoor;

/// <summary>
/// Owns the public port and forwards each connection to the instance that serves at the moment the client's first
/// bytes arrive. Connecting to the instance waits until then so that an instance that is about to drain is never
/// handed an idle connection it would close unanswered. When no instance answers (the app died and is being
/// restarted, or one is draining), the connection is held and retried for up to <see cref="HoldTime"/> rather than
/// refused.
/// </summary>
internal sealed class TcpForwarder(IPEndPoint listen) : IDisposable
{
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(50);
    private readonly Socket listener = new(listen.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
    private Instance? backend;

    public TimeSpan HoldTime { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Where new connections go; null while nothing serves.</summary>
    public Instance? Backend
    {
        get => Volatile.Read(ref backend);
        set => Volatile.Write(ref backend, value);
    }

    /// <summary>Binds the public port; throws when another process holds it.</summary>
    public void Bind()
    {
        listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Bind(listen);
        listener.Listen(512);
    }

    public async Task AcceptAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException ex)
            {
                Log.Write($"accept on {listen} failed: {ex.Message}");
                continue;
            }

            _ = Task.Run(() => ForwardAsync(client, cancellationToken), CancellationToken.None);
        }
    }

    public void Dispose() => listener.Dispose();

    private async Task ForwardAsync(Socket client, CancellationToken cancellationToken)
    {
        using (client)
        {
            client.NoDelay = true;
            var first = new byte[16 * 1024];
            int read;
            try
            {
                read = await client.ReceiveAsync(first, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException)
            {
                return;
            }

            if (read == 0)
            {
                return;
            }

            using var upstream = await ConnectAsync(cancellationToken).ConfigureAwait(false);
            if (upstream is null)
            {
                Log.Write($"no app instance answered within {HoldTime.TotalSeconds:F0} s; closed a connection from {client.RemoteEndPoint}");
                return;
            }

            try
            {
                await upstream.SendAsync(first.AsMemory(0, read), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                await Task.WhenAll(PumpAsync(client, upstream, cancellationToken), PumpAsync(upstream, client, cancellationToken)).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException)
            {
                // One side went away; closing both is all there is to do.
            }
        }
    }

    private async Task<Socket?> ConnectAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + HoldTime;
        while (!cancellationToken.IsCancellationRequested)
        {
            if (Backend is { } instance)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(IPAddress.Loopback, instance.Port, cancellationToken).ConfigureAwait(false);
                    return socket;
                }
                catch (SocketException)
                {
                    socket.Dispose();
                }
                catch (OperationCanceledException)
                {
                    socket.Dispose();
                    return null;
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                return null;
            }

            try
            {
                await Task.Delay(RetryPause, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }

        return null;
    }

    // Copies one direction until its end is closed, then passes the close on (a half-close, so the other direction finishes).
    private static async Task PumpAsync(Socket from, Socket to, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            }

            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // A reset on one side: end the other one too, so neither waits forever.
            try
            {
                to.Shutdown(SocketShutdown.Both);
            }
            catch (Exception inner) when (inner is SocketException or ObjectDisposedException)
            {
                // Already closed.
            }
        }
    }
}
