using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Pipeline.Core.Hosting;

namespace Pipeline.Core.Tests;

/// <summary>
/// A real HTTP server on loopback standing in for Slack's incoming webhook: records each body, answers as told,
/// and can echo the request's URL, path or token in its answer as misbehaving endpoints and proxies do.
/// </summary>
public sealed class NotificationWebhookServer : IDisposable
{
    public const string TokenPath = "/services/T000/B000/XXXXSECRET";

    /// <summary>In an answer, stands for the URL the request was made to.</summary>
    public const string RequestUrl = "{request-url}";

    /// <summary>In an answer, stands for the path the request was made to, as the server received it.</summary>
    public const string RequestPath = "{request-path}";

    /// <summary>In an answer, stands for the last segment of the request's path: a Slack webhook's token.</summary>
    public const string RequestToken = "{request-token}";

    private readonly HttpListener listener = new();
    private readonly Task serving;

    public NotificationWebhookServer(HttpStatusCode status = HttpStatusCode.OK, string answer = "ok")
    {
        var root = $"http://127.0.0.1:{FreePort.Next()}/";
        listener.Prefixes.Add(root);
        listener.Start();
        WebhookUrl = root.TrimEnd('/') + TokenPath;
        serving = ServeAsync(status, answer);
    }

    public string WebhookUrl { get; }

    public ConcurrentQueue<string> Bodies { get; } = new();

    public string SingleBody() => Assert.Single(Bodies);

    public void Dispose()
    {
        listener.Close();
        try
        {
            serving.GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
        {
            // Closing the listener ends the pending wait for a request.
        }
    }

    private async Task ServeAsync(HttpStatusCode status, string answer)
    {
        while (listener.IsListening)
        {
            var context = await listener.GetContextAsync();
            using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
            {
                Bodies.Enqueue(await reader.ReadToEndAsync());
            }

            var url = context.Request.Url!;
            var echoed = answer
                .Replace(RequestUrl, url.ToString(), StringComparison.Ordinal)
                .Replace(RequestPath, url.AbsolutePath, StringComparison.Ordinal)
                .Replace(RequestToken, url.Segments[^1], StringComparison.Ordinal);
            var bytes = Encoding.UTF8.GetBytes(echoed);
            context.Response.StatusCode = (int)status;
            context.Response.ContentType = "text/plain";
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }
}
