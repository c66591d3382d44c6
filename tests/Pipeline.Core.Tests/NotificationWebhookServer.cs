using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Pipeline.Core.Hosting;

namespace Pipeline.Core.Tests;

/// <summary>A real HTTP server on loopback standing in for Slack's incoming webhook: records each body, answers as told.</summary>
public sealed class NotificationWebhookServer : IDisposable
{
    public const string TokenPath = "/services/T000/B000/XXXXSECRET";

    /// <summary>In an answer, stands for the URL the request was made to.</summary>
    public const string RequestUrl = "{request-url}";

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

            var bytes = Encoding.UTF8.GetBytes(answer.Replace(RequestUrl, context.Request.Url!.ToString(), StringComparison.Ordinal));
            context.Response.StatusCode = (int)status;
            context.Response.ContentType = "text/plain";
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }
}
