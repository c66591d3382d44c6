using System.Net;
using System.Net.Http.Headers;
using Pipeline.Core.Hosting;

namespace Pipeline.Core.Tests.Support;

/// <summary>
/// A loopback HTTP proxy in front of <see cref="S3rverServer"/> for behaviour s3rver cannot show: an
/// interceptor may answer a request itself (a fake 503 SlowDown, a fake 403 AccessDenied, a fake
/// If-None-Match conditional write) or let it through unchanged. Everything let through is real s3rver.
/// The Host header is passed on as received, so SigV4 signatures made for the proxy's address still verify.
/// </summary>
public sealed class S3InterceptingProxy : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly HttpClient upstream;
    private readonly Uri upstreamUrl;
    private readonly CancellationTokenSource stopping = new();
    private readonly Task loop;
    private int requests;

    public S3InterceptingProxy(S3rverServer server, Func<InterceptedRequest, Task<InterceptedAnswer?>> interceptor)
    {
        upstreamUrl = server.ServiceUrl;
        Interceptor = interceptor;
        Port = FreePort.Next();
        listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        listener.Start();
        upstream = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false }) { Timeout = TimeSpan.FromMinutes(2) };
        loop = Task.Run(AcceptLoop);
    }

    public int Port { get; }

    public Uri ServiceUrl => new($"http://127.0.0.1:{Port}/");

    /// <summary>Requests the proxy has received, answered or passed on.</summary>
    public int Requests => Volatile.Read(ref requests);

    public Func<InterceptedRequest, Task<InterceptedAnswer?>> Interceptor { get; set; }

    /// <summary>Passes the request on to s3rver; interceptors may call this and then decide.</summary>
    public async Task<HttpResponseMessage> ForwardAsync(string method, string pathAndQuery, string host, IEnumerable<KeyValuePair<string, string>> headers, byte[]? body)
    {
        using var message = new HttpRequestMessage(new HttpMethod(method), new Uri(upstreamUrl, pathAndQuery));
        if (body is not null && (body.Length > 0 || method is "PUT" or "POST"))
        {
            message.Content = new ByteArrayContent(body);
        }

        foreach (var (name, value) in headers)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase) || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Connection", StringComparison.OrdinalIgnoreCase) || name.Equals("Expect", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!message.Headers.TryAddWithoutValidation(name, value))
            {
                message.Content ??= new ByteArrayContent([]);
                message.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        message.Headers.Host = host;
        return await upstream.SendAsync(message, HttpCompletionOption.ResponseContentRead);
    }

    public void Dispose()
    {
        stopping.Cancel();
        listener.Close();
        try
        {
            loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The accept loop ends with the listener.
        }

        upstream.Dispose();
        stopping.Dispose();
    }

    private async Task AcceptLoop()
    {
        while (!stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => Serve(context));
        }
    }

    private async Task Serve(HttpListenerContext context)
    {
        Interlocked.Increment(ref requests);
        var request = context.Request;
        try
        {
            using var buffer = new MemoryStream();
            await request.InputStream.CopyToAsync(buffer);
            var headers = request.Headers.AllKeys.OfType<string>().Select(k => new KeyValuePair<string, string>(k, request.Headers[k]!)).ToList();
            var intercepted = new InterceptedRequest(this, request.HttpMethod, request.RawUrl ?? "/", request.Headers["Host"] ?? $"127.0.0.1:{Port}", headers, buffer.ToArray());
            var answer = await Interceptor(intercepted);
            if (answer is not null)
            {
                await Write(context.Response, answer.Status, answer.Headers, answer.Body);
                return;
            }

            using var response = await intercepted.ForwardAsync();
            var body = await response.Content.ReadAsByteArrayAsync();
            var responseHeaders = response.Headers.Concat(response.Content.Headers)
                .Select(h => new KeyValuePair<string, string>(h.Key, string.Join(",", h.Value)));
            await Write(context.Response, (int)response.StatusCode, responseHeaders, body);
        }
        catch (Exception exception) when (exception is HttpListenerException or IOException or HttpRequestException)
        {
            context.Response.Abort();
        }
    }

    private static async Task Write(HttpListenerResponse response, int status, IEnumerable<KeyValuePair<string, string>> headers, byte[] body)
    {
        response.StatusCode = status;
        foreach (var (name, value) in headers)
        {
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Connection", StringComparison.OrdinalIgnoreCase) || name.Equals("Keep-Alive", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            response.Headers[name] = value;
        }

        response.ContentLength64 = body.Length;
        if (body.Length > 0)
        {
            await response.OutputStream.WriteAsync(body);
        }

        response.Close();
    }
}

/// <summary>A request as the proxy received it.</summary>
public sealed record InterceptedRequest(S3InterceptingProxy Proxy, string Method, string PathAndQuery, string Host, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    public string? Header(string name) => Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>The S3 key the request addresses in path-style form ("/bucket/key"), without the query.</summary>
    public string Path => Uri.UnescapeDataString(PathAndQuery.Split('?')[0]);

    public bool HasQuery => PathAndQuery.Contains('?', StringComparison.Ordinal);

    public Task<HttpResponseMessage> ForwardAsync() => Proxy.ForwardAsync(Method, PathAndQuery, Host, Headers, Body);
}

/// <summary>An answer an interceptor gives instead of s3rver.</summary>
public sealed record InterceptedAnswer(int Status, byte[] Body, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    /// <summary>An S3 error document, as AWS sends it.</summary>
    public static InterceptedAnswer S3Error(int status, string code, string message) =>
        new(status, System.Text.Encoding.UTF8.GetBytes($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{message}</Message></Error>"),
            [new("Content-Type", "application/xml")]);
}
