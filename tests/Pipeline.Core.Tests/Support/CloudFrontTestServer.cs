using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Amazon.Runtime;
using Pipeline.Core.Hosting;

namespace Pipeline.Core.Tests.Support;

/// <summary>
/// A fake-CloudFront endpoint on loopback (there is no real CloudFront here): enough of the 2020-05-31 invalidation API
/// for the client's tests. It verifies every request's SigV4 Authorization header itself, recomputing the signature
/// from the canonical request with the known test secret and its own HMAC-SHA256 code (not the SDK's), so a request
/// signed wrong is refused with 403 SignatureDoesNotMatch. It validates each InvalidationBatch (namespace, Quantity
/// equal to the number of Items, paths starting with '/', '*' only last), records the invalidations, and can be told
/// to answer TooManyInvalidationsInProgress or Throttling a number of times and to report InProgress for the first
/// GetInvalidation calls.
/// </summary>
public sealed partial class CloudFrontTestServer : IDisposable
{
    public const string DefaultAccessKey = "AKIDFAKECLOUDFRONT01";
    public const string DefaultSecretKey = "fake-cloudfront-secret/for+tests";
    public const string Region = "us-east-1";
    public const string Service = "cloudfront";
    private static readonly XNamespace Namespace = "http://cloudfront.amazonaws.com/doc/2020-05-31/";

    private readonly HttpListener listener = new();
    private readonly Task loop;
    private readonly string? sessionToken;
    private readonly ConcurrentQueue<RecordedInvalidation> invalidations = new();
    private readonly ConcurrentQueue<string> refusals = new();
    private readonly Lock gate = new();
    private int busyAnswers;
    private int throttleAnswers;
    private int createRequests;
    private int getRequests;
    private int inProgressAnswered;

    /// <summary>With a session token, requests must carry it in a signed X-Amz-Security-Token header.</summary>
    public CloudFrontTestServer(string? sessionToken = null, string accessKey = DefaultAccessKey, string secretKey = DefaultSecretKey)
    {
        this.sessionToken = sessionToken;
        AccessKey = accessKey;
        SecretKey = secretKey;
        Port = FreePort.Next();
        listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        listener.Start();
        loop = Task.Run(AcceptLoop);
    }

    public int Port { get; }

    /// <summary>The only access key id this endpoint accepts.</summary>
    public string AccessKey { get; }

    private string SecretKey { get; }

    public Uri Endpoint => new($"http://127.0.0.1:{Port}/");

    /// <summary>The credentials this server accepts.</summary>
    public AWSCredentials Credentials => sessionToken is null
        ? new BasicAWSCredentials(AccessKey, SecretKey)
        : new SessionAWSCredentials(AccessKey, SecretKey, sessionToken);

    /// <summary>GetInvalidation reports InProgress this many times in all before it reports Completed.</summary>
    public int InProgressPolls { get; set; }

    public IReadOnlyList<RecordedInvalidation> Invalidations => [.. invalidations];

    /// <summary>Error codes this server answered with, in order.</summary>
    public IReadOnlyList<string> Refusals => [.. refusals];

    public int CreateRequests => Volatile.Read(ref createRequests);

    public int GetRequests => Volatile.Read(ref getRequests);

    /// <summary>The next <paramref name="times"/> CreateInvalidation requests get 400 TooManyInvalidationsInProgress.</summary>
    public void AnswerTooManyInvalidationsInProgress(int times) => Interlocked.Exchange(ref busyAnswers, times);

    /// <summary>The next <paramref name="times"/> requests get 400 Throttling.</summary>
    public void AnswerThrottling(int times) => Interlocked.Exchange(ref throttleAnswers, times);

    public void Dispose()
    {
        listener.Close();
        try
        {
            loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The accept loop ends with the listener.
        }
    }

    private async Task AcceptLoop()
    {
        while (listener.IsListening)
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
        try
        {
            using var buffer = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(buffer);
            var (status, body, location) = Answer(context.Request, buffer.ToArray());
            context.Response.StatusCode = status;
            context.Response.ContentType = "text/xml";
            if (location is not null)
            {
                context.Response.Headers["Location"] = location;
            }

            var bytes = Encoding.UTF8.GetBytes(body);
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
        catch (Exception exception) when (exception is HttpListenerException or IOException or ObjectDisposedException)
        {
            context.Response.Abort();
        }
    }

    private (int Status, string Body, string? Location) Answer(HttpListenerRequest request, byte[] body)
    {
        if (SignatureProblem(request, body) is { } problem)
        {
            return Error(403, problem.Code, problem.Message);
        }

        if (TakeOne(ref throttleAnswers))
        {
            return Error(400, "Throttling", "Rate exceeded");
        }

        var path = (request.RawUrl ?? "/").Split('?')[0];
        var create = CreatePath().Match(path);
        if (request.HttpMethod == "POST" && create.Success)
        {
            Interlocked.Increment(ref createRequests);
            return Create(create.Groups["distribution"].Value, body);
        }

        var get = GetPath().Match(path);
        if (request.HttpMethod == "GET" && get.Success)
        {
            Interlocked.Increment(ref getRequests);
            return Get(get.Groups["distribution"].Value, get.Groups["invalidation"].Value);
        }

        return Error(404, "NotFound", $"{request.HttpMethod} {path} is not part of this fake CloudFront API");
    }

    private (int, string, string?) Create(string distributionId, byte[] body)
    {
        if (TakeOne(ref busyAnswers))
        {
            return Error(400, "TooManyInvalidationsInProgress", "Processing your request will cause you to exceed the maximum number of in-progress wildcard invalidations.");
        }

        XElement batch;
        try
        {
            batch = XDocument.Parse(Encoding.UTF8.GetString(body)).Root!;
        }
        catch (XmlException exception)
        {
            return Error(400, "MalformedXML", exception.Message);
        }

        if (batch.Name != Namespace + "InvalidationBatch")
        {
            return Error(400, "MalformedXML", $"The root element is {batch.Name}; expected InvalidationBatch in {Namespace}.");
        }

        var reference = batch.Element(Namespace + "CallerReference")?.Value;
        var quantity = batch.Element(Namespace + "Paths")?.Element(Namespace + "Quantity")?.Value;
        var paths = batch.Element(Namespace + "Paths")?.Element(Namespace + "Items")?.Elements(Namespace + "Path").Select(p => p.Value).ToList() ?? [];
        if (string.IsNullOrEmpty(reference))
        {
            return Error(400, "InvalidArgument", "CallerReference is missing.");
        }

        if (!int.TryParse(quantity, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count != paths.Count || count == 0)
        {
            return Error(400, "InconsistentQuantities", $"Quantity is {quantity ?? "missing"}; there are {paths.Count} Items.");
        }

        if (paths.FirstOrDefault(p => !p.StartsWith('/') || p.TrimEnd('*').Contains('*', StringComparison.Ordinal)) is { } bad)
        {
            return Error(400, "InvalidArgument", $"Your request contains one or more invalid invalidation paths: {bad}");
        }

        lock (gate)
        {
            if (invalidations.FirstOrDefault(i => i.DistributionId == distributionId && i.CallerReference == reference) is { } earlier)
            {
                return earlier.Paths.SequenceEqual(paths)
                    ? (201, Document(earlier, "InProgress"), Location(earlier))
                    : Error(409, "InvalidationBatchAlreadyExists", $"CallerReference {reference} was used with other paths.");
            }

            var created = new RecordedInvalidation(distributionId, "I" + Convert.ToHexString(RandomNumberGenerator.GetBytes(7)), reference, paths, Encoding.UTF8.GetString(body));
            invalidations.Enqueue(created);
            return (201, Document(created, "InProgress"), Location(created));
        }
    }

    private (int, string, string?) Get(string distributionId, string invalidationId)
    {
        var found = invalidations.FirstOrDefault(i => i.DistributionId == distributionId && i.Id == invalidationId);
        if (found is null)
        {
            return Error(404, "NoSuchInvalidation", $"The specified invalidation does not exist: {invalidationId}");
        }

        var status = Interlocked.Increment(ref inProgressAnswered) <= InProgressPolls ? "InProgress" : "Completed";
        return (200, Document(found, status), null);
    }

    private static bool TakeOne(ref int remaining)
    {
        while (true)
        {
            var current = Volatile.Read(ref remaining);
            if (current <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref remaining, current - 1, current) == current)
            {
                return true;
            }
        }
    }

    private (int, string, string?) Error(int status, string code, string message)
    {
        refusals.Enqueue(code);
        var document = new XElement(
            Namespace + "ErrorResponse",
            new XElement(Namespace + "Error", new XElement(Namespace + "Type", "Sender"), new XElement(Namespace + "Code", code), new XElement(Namespace + "Message", message)),
            new XElement(Namespace + "RequestId", Guid.NewGuid().ToString()));
        return (status, document.ToString(SaveOptions.DisableFormatting), null);
    }

    private string Location(RecordedInvalidation invalidation) => $"{Endpoint}2020-05-31/distribution/{invalidation.DistributionId}/invalidation/{invalidation.Id}";

    private static string Document(RecordedInvalidation invalidation, string status) =>
        new XElement(
            Namespace + "Invalidation",
            new XElement(Namespace + "Id", invalidation.Id),
            new XElement(Namespace + "Status", status),
            new XElement(Namespace + "CreateTime", DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)),
            new XElement(
                Namespace + "InvalidationBatch",
                new XElement(Namespace + "CallerReference", invalidation.CallerReference),
                new XElement(
                    Namespace + "Paths",
                    new XElement(Namespace + "Quantity", invalidation.Paths.Count),
                    new XElement(Namespace + "Items", invalidation.Paths.Select(p => new XElement(Namespace + "Path", p))))))
            .ToString(SaveOptions.DisableFormatting);

    // Signature Version 4, verified from the request as received: the canonical request, the string to sign, the
    // signing key and the signature are all recomputed here from the known secret.
    private (string Code, string Message)? SignatureProblem(HttpListenerRequest request, byte[] body)
    {
        var authorization = AuthorizationPattern().Match(request.Headers["Authorization"] ?? string.Empty);
        if (!authorization.Success)
        {
            return ("IncompleteSignature", $"Authorization header is missing or malformed: {request.Headers["Authorization"]}");
        }

        var (accessKey, date, region, service) = (authorization.Groups["key"].Value, authorization.Groups["date"].Value, authorization.Groups["region"].Value, authorization.Groups["service"].Value);
        var signedHeaders = authorization.Groups["headers"].Value.Split(';');
        if (accessKey != AccessKey)
        {
            return ("InvalidClientTokenId", $"The security token included in the request is invalid (access key {accessKey}).");
        }

        if (region != Region || service != Service)
        {
            return ("SignatureDoesNotMatch", $"Credential should be scoped to a valid region and service: {region}/{service}, expected {Region}/{Service}.");
        }

        var amzDate = request.Headers["X-Amz-Date"];
        if (amzDate is null || !DateTime.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var signedAt)
            || !amzDate.StartsWith(date, StringComparison.Ordinal))
        {
            return ("IncompleteSignature", $"X-Amz-Date is {amzDate ?? "missing"}; expected yyyyMMddTHHmmssZ on the credential's date {date}.");
        }

        if ((DateTime.UtcNow - signedAt).Duration() > TimeSpan.FromMinutes(15))
        {
            return ("RequestTimeTooSkewed", $"Signed at {amzDate}, more than 15 minutes from the server's time.");
        }

        if (!signedHeaders.Contains("host") || !signedHeaders.Contains("x-amz-date"))
        {
            return ("SignatureDoesNotMatch", $"Host and X-Amz-Date must be signed; SignedHeaders={string.Join(';', signedHeaders)}.");
        }

        if (sessionToken is not null && (request.Headers["X-Amz-Security-Token"] != sessionToken || !signedHeaders.Contains("x-amz-security-token")))
        {
            return ("InvalidClientTokenId", "The security token included in the request is missing, invalid or not signed.");
        }

        var payloadHash = Hex(SHA256.HashData(body));
        if (request.Headers["X-Amz-Content-SHA256"] is { } claimed && claimed != payloadHash)
        {
            return ("XAmzContentSHA256Mismatch", "The provided x-amz-content-sha256 header does not match what was computed.");
        }

        var rawUrl = request.RawUrl ?? "/";
        var query = rawUrl.Contains('?', StringComparison.Ordinal) ? rawUrl[(rawUrl.IndexOf('?', StringComparison.Ordinal) + 1)..] : string.Empty;
        var canonicalRequest = string.Join(
            '\n',
            request.HttpMethod,
            CanonicalUri(rawUrl.Split('?')[0]),
            CanonicalQuery(query),
            string.Concat(signedHeaders.Select(h => $"{h}:{CanonicalHeaderValue(request.Headers[h])}\n")),
            string.Join(';', signedHeaders),
            payloadHash);
        var scope = $"{date}/{region}/{service}/aws4_request";
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        var key = Hmac(Hmac(Hmac(Hmac(Encoding.UTF8.GetBytes("AWS4" + SecretKey), date), region), service), "aws4_request");
        var expected = Hex(Hmac(key, stringToSign));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(authorization.Groups["signature"].Value))
            ? null
            : ("SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.");
    }

    // Services other than S3 sign the path URI-encoded twice: each segment as received, encoded once more.
    private static string CanonicalUri(string rawPath) => string.Join('/', rawPath.Split('/').Select(UriEncode));

    private static string CanonicalQuery(string query) =>
        string.Join('&', query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Select(pair => (Name: UriEncode(Uri.UnescapeDataString(pair[0])), Value: UriEncode(Uri.UnescapeDataString(pair.Length > 1 ? pair[1] : string.Empty))))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={p.Value}"));

    private static string CanonicalHeaderValue(string? value) => Spaces().Replace((value ?? string.Empty).Trim(), " ");

    private static string UriEncode(string text)
    {
        var encoded = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
            {
                encoded.Append(c);
            }
            else
            {
                encoded.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return encoded.ToString();
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=(?<key>[^/]+)/(?<date>\d{8})/(?<region>[^/]+)/(?<service>[^/]+)/aws4_request, ?SignedHeaders=(?<headers>[a-z0-9;-]+), ?Signature=(?<signature>[0-9a-f]{64})$")]
    private static partial Regex AuthorizationPattern();

    [GeneratedRegex("^/2020-05-31/distribution/(?<distribution>[A-Za-z0-9]+)/invalidation$")]
    private static partial Regex CreatePath();

    [GeneratedRegex("^/2020-05-31/distribution/(?<distribution>[A-Za-z0-9]+)/invalidation/(?<invalidation>[A-Za-z0-9]+)$")]
    private static partial Regex GetPath();

    [GeneratedRegex(" +")]
    private static partial Regex Spaces();
}

/// <summary>An invalidation the fake CloudFront accepted, with the batch XML as received.</summary>
public sealed record RecordedInvalidation(string DistributionId, string Id, string CallerReference, IReadOnlyList<string> Paths, string BatchXml);
