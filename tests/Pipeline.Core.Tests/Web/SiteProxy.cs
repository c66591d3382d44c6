using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Amazon.S3;
using Pipeline.Core.Aws;
using Pipeline.Core.Tests.Support;
using Pipeline.Core.Web;

namespace Pipeline.Core.Tests.Web;

/// <summary>A request the site publisher sent, as the proxy classified it.</summary>
public sealed record SiteRequest(string Kind, string Key, bool Faulted);

/// <summary>
/// An <see cref="S3InterceptingProxy"/> for site publishing tests: records every request in order, lets a test
/// inject faults, and corrects two ways s3rver 3.7 differs from S3 that the publisher depends on:
/// a CopyObject with REPLACE onto an existing key keeps the old key's ETag (s3rver does not rewrite its .md5 file),
/// so the destination is deleted first; and multipart objects get a plain MD5 ETag, so with
/// <see cref="AwsMultipartETags"/> listings report S3's "md5-of-part-md5s-N" form instead.
/// </summary>
public sealed partial class SiteProxy : IDisposable
{
    private readonly IAmazonS3 direct;
    private readonly ConcurrentDictionary<string, string> multipartETags = new(StringComparer.Ordinal);

    public SiteProxy(S3rverServer server)
    {
        direct = server.CreateClient();
        Proxy = new S3InterceptingProxy(server, HandleAsync);
        Client = S3ClientFactory.Create(new S3Endpoint("us-east-1", Proxy.ServiceUrl, ForcePathStyle: true), S3rverServer.Credentials);
    }

    public S3InterceptingProxy Proxy { get; }

    public IAmazonS3 Client { get; }

    public ConcurrentQueue<SiteRequest> Requests { get; } = new();

    /// <summary>Answers a request instead of s3rver when it returns an answer.</summary>
    public Func<SiteRequest, InterceptedAnswer?>? Fault { get; set; }

    public bool AwsMultipartETags { get; set; }

    public static bool IsWrite(SiteRequest request) => request.Kind is not ("GET" or "HEAD" or "LIST");

    public SitePublisher Publisher(SitePublishOptions options, Action<SiteProgress>? progress = null) => new(Client, options, progress);

    public void Dispose()
    {
        Proxy.Dispose();
        Client.Dispose();
        direct.Dispose();
    }

    private async Task<InterceptedAnswer?> HandleAsync(InterceptedRequest request)
    {
        var (bucket, key) = Split(request.Path);
        var kind = Classify(request);
        var keys = kind == "DELETE" && request.PathAndQuery.Contains("?delete", StringComparison.Ordinal)
            ? KeyElement().Matches(Encoding.UTF8.GetString(request.Body)).Select(m => m.Groups[1].Value).ToList()
            : [key];
        var recorded = keys.Select(k => new SiteRequest(kind, k, false)).ToList();
        if (Fault?.Invoke(recorded[0]) is { } answer)
        {
            Requests.Enqueue(recorded[0] with { Faulted = true });
            return answer;
        }

        recorded.ForEach(Requests.Enqueue);
        if (kind == "COPY")
        {
            await direct.DeleteObjectAsync(bucket, key);
            var source = Uri.UnescapeDataString(request.Header("x-amz-copy-source")!).TrimStart('/');
            if (multipartETags.TryGetValue(source, out var etag))
            {
                multipartETags[$"{bucket}/{key}"] = etag;
            }
            else
            {
                multipartETags.TryRemove($"{bucket}/{key}", out _);
            }
        }
        else if (kind == "PUT")
        {
            multipartETags.TryRemove($"{bucket}/{key}", out _);
        }
        else if (kind == "COMPLETE_MULTIPART")
        {
            multipartETags[$"{bucket}/{key}"] = MultipartETag(Encoding.UTF8.GetString(request.Body));
        }
        else if (kind == "LIST" && AwsMultipartETags)
        {
            return await RewriteListingAsync(request, bucket);
        }

        return null;
    }

    private async Task<InterceptedAnswer> RewriteListingAsync(InterceptedRequest request, string bucket)
    {
        using var response = await request.ForwardAsync();
        var xml = await response.Content.ReadAsStringAsync();
        var rewritten = ContentsElement().Replace(xml, contents =>
        {
            var key = System.Net.WebUtility.HtmlDecode(KeyElement().Match(contents.Value).Groups[1].Value);
            return multipartETags.TryGetValue($"{bucket}/{key}", out var etag)
                ? ETagElement().Replace(contents.Value, $"<ETag>&quot;{etag}&quot;</ETag>")
                : contents.Value;
        });
        return new InterceptedAnswer((int)response.StatusCode, Encoding.UTF8.GetBytes(rewritten), [new("Content-Type", "application/xml")]);
    }

    private static string MultipartETag(string completeXml)
    {
        var parts = ETagElement().Matches(completeXml)
            .Select(m => Convert.FromHexString(System.Net.WebUtility.HtmlDecode(m.Groups[1].Value).Trim('"')))
            .ToList();
#pragma warning disable CA5351 // S3 defines its multipart ETag with MD5.
        return $"{Convert.ToHexStringLower(MD5.HashData(parts.SelectMany(p => p).ToArray()))}-{parts.Count}";
#pragma warning restore CA5351
    }

    private static (string Bucket, string Key) Split(string path)
    {
        var trimmed = path.TrimStart('/');
        var slash = trimmed.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (trimmed, "") : (trimmed[..slash], trimmed[(slash + 1)..]);
    }

    private static string Classify(InterceptedRequest request)
    {
        var query = request.HasQuery ? request.PathAndQuery[request.PathAndQuery.IndexOf('?', StringComparison.Ordinal)..] : "";
        return request.Method switch
        {
            "PUT" when request.Header("x-amz-copy-source") is not null => "COPY",
            "PUT" when query.Contains("partNumber=", StringComparison.Ordinal) => "UPLOAD_PART",
            "PUT" => "PUT",
            "POST" when query.Contains("uploads", StringComparison.Ordinal) => "CREATE_MULTIPART",
            "POST" when query.Contains("uploadId=", StringComparison.Ordinal) => "COMPLETE_MULTIPART",
            "POST" when query.Contains("delete", StringComparison.Ordinal) => "DELETE",
            "DELETE" when query.Contains("uploadId=", StringComparison.Ordinal) => "ABORT_MULTIPART",
            "DELETE" => "DELETE",
            "GET" when query.Contains("list-type", StringComparison.Ordinal) || Split(request.Path).Key.Length == 0 => "LIST",
            "HEAD" => "HEAD",
            _ => request.Method,
        };
    }

    [GeneratedRegex("<Key>(.*?)</Key>", RegexOptions.Singleline)]
    private static partial Regex KeyElement();

    [GeneratedRegex("<ETag>(.*?)</ETag>", RegexOptions.Singleline)]
    private static partial Regex ETagElement();

    [GeneratedRegex("<Contents>.*?</Contents>", RegexOptions.Singleline)]
    private static partial Regex ContentsElement();
}
