using System.Net;
using Pipeline.Core.Hosting;

namespace Pipeline.Core.Tests.Support;

/// <summary>
/// A small real HTTP server on a free loopback port that answers every request with its name and the status it is
/// told to give, so a test behind a balancer can see which server answered. Disposing stops it.
/// </summary>
public sealed class AnsweringServer : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly Task loop;

    public AnsweringServer(string name, HttpStatusCode status = HttpStatusCode.OK)
    {
        Name = name;
        Status = status;
        Port = FreePort.Next();
        listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public string Name { get; }

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}/");

    public HttpStatusCode Status { get; set; }

    public void Dispose()
    {
        listener.Stop();
        listener.Close();
        loop.Wait(TimeSpan.FromSeconds(5));
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            context.Response.StatusCode = (int)Status;
            var body = System.Text.Encoding.UTF8.GetBytes(Name);
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }
}
