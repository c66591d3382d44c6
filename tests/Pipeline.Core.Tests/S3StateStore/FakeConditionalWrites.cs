using System.Collections.Concurrent;
using System.Net;
using Amazon.S3;
using Pipeline.Core.Tests.Support;

namespace Pipeline.Core.Tests.S3StateStore;

/// <summary>
/// A fake conditional-write interceptor for <see cref="S3InterceptingProxy"/>: gives s3rver the "If-None-Match: *"
/// behaviour AWS S3 has on PUT, which s3rver lacks (it honours If-None-Match on GET only). A conditional PUT of a key
/// that exists is answered 412 PreconditionFailed; otherwise it goes on to s3rver. The existence check and the PUT
/// are one step per key (a lock per key), as they are inside S3, so racing creators are a faithful test.
/// Unconditional requests pass through untouched.
/// </summary>
public sealed class FakeConditionalWrites(S3rverServer server) : IDisposable
{
    private readonly IAmazonS3 direct = server.CreateClient();
    private readonly ConcurrentDictionary<string, SemaphoreSlim> keyLocks = new(StringComparer.Ordinal);
    private int conditionalPuts;
    private int refused;

    public int ConditionalPuts => Volatile.Read(ref conditionalPuts);

    public int Refused => Volatile.Read(ref refused);

    public async Task<InterceptedAnswer?> Intercept(InterceptedRequest request)
    {
        if (request.Method != "PUT" || request.HasQuery || request.Header("If-None-Match") != "*")
        {
            return null;
        }

        Interlocked.Increment(ref conditionalPuts);
        var keyLock = keyLocks.GetOrAdd(request.Path, _ => new SemaphoreSlim(1, 1));
        await keyLock.WaitAsync();
        try
        {
            var (bucket, key) = Split(request.Path);
            if (await ExistsAsync(bucket, key))
            {
                Interlocked.Increment(ref refused);
                return InterceptedAnswer.S3Error(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold");
            }

            using var response = await request.ForwardAsync();
            var headers = response.Headers.Concat(response.Content.Headers).Select(h => new KeyValuePair<string, string>(h.Key, string.Join(",", h.Value))).ToList();
            return new InterceptedAnswer((int)response.StatusCode, await response.Content.ReadAsByteArrayAsync(), headers);
        }
        finally
        {
            keyLock.Release();
        }
    }

    public void Dispose()
    {
        direct.Dispose();
        foreach (var keyLock in keyLocks.Values)
        {
            keyLock.Dispose();
        }
    }

    private static (string Bucket, string Key) Split(string path)
    {
        var parts = path.TrimStart('/').Split('/', 2);
        return (parts[0], parts[1]);
    }

    private async Task<bool> ExistsAsync(string bucket, string key)
    {
        try
        {
            await direct.GetObjectMetadataAsync(bucket, key);
            return true;
        }
        catch (AmazonS3Exception missing) when (missing.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }
}
