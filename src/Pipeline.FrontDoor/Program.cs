using System.Net;
using System.Runtime.InteropServices;
using Pipeline.Core.FrontDoor;
using Pipeline.Core.Processes;
using Pipeline.FrontDoor;

// dotnet Pipeline.FrontDoor.dll --shared <target>/shared --listen <host>:<port>
string? shared = null;
string? listen = null;
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--shared":
            shared = args[i + 1];
            break;
        case "--listen":
            listen = args[i + 1];
            break;
        default:
            await Console.Error.WriteLineAsync($"Pipeline.FrontDoor: unknown option {args[i]}; expected --shared DIR --listen HOST:PORT");
            return 2;
    }
}

if (shared is null || listen is null || !IPEndPoint.TryParse(listen, out var endpoint) || endpoint.Port == 0)
{
    await Console.Error.WriteLineAsync($"Pipeline.FrontDoor: expected --shared DIR --listen HOST:PORT, got {string.Join(' ', args)}");
    return 2;
}

var files = new FrontDoorFiles(shared);
using var forwarder = new TcpForwarder(endpoint);
try
{
    forwarder.Bind();
}
catch (System.Net.Sockets.SocketException ex)
{
    Log.Write($"cannot listen on {listen}: {ex.Message}");
    return 1;
}

Log.Write($"front door (process {Environment.ProcessId}) listening on {listen} for {files.Shared}");
using var stopping = new CancellationTokenSource();
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stopping.Cancel(); });
using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stopping.Cancel(); });
using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
var controller = new Controller(files, listen, forwarder, new InstanceRunner(files, ProcessLauncher.Instance, http));
var accepting = forwarder.AcceptAsync(stopping.Token);
await controller.RunAsync(stopping.Token);
await accepting;
return 0;
