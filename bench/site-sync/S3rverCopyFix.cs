using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.ExceptionServices;
using Amazon.S3;
using Amazon.S3.Model;

namespace SiteSyncBench;

/// <summary>
/// Why this exists: s3rver 3.7 answers a CopyObject with MetadataDirective REPLACE onto an existing key with the
/// copied content but keeps the old key's ETag (it does not rewrite its .md5 file). The publisher compares ETags to
/// decide what the live site needs, so after a live publish that overwrote changed files the next rollback would see
/// nothing to do. Like the proxy of the site tests (tests/Pipeline.Core.Tests/Web/SiteProxy.cs), this deletes the
/// destination before a copy; it wraps the client instead of forwarding HTTP so uploads take no extra hop. It deletes
/// only keys that a listing of this process has shown to exist (the live publisher lists the live site before it
/// copies), so copies onto new keys cost nothing extra. The extra DELETEs are real requests and time on our side
/// (real S3 does not need them); the publisher's request count does not include them, <see cref="Deletes"/> does.
/// </summary>
public class S3rverCopyFix : DispatchProxy
{
    private readonly ConcurrentDictionary<string, bool> listed = new(StringComparer.Ordinal);
    private IAmazonS3? inner;
    private int deletes;

    public IAmazonS3 Client { get; private set; } = null!;

    public int Deletes => Volatile.Read(ref deletes);

    public static S3rverCopyFix Wrap(IAmazonS3 client)
    {
        var proxy = Create<IAmazonS3, S3rverCopyFix>();
        var fix = (S3rverCopyFix)(object)proxy;
        fix.inner = client;
        fix.Client = proxy;
        return fix;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.Name == nameof(IAmazonS3.CopyObjectAsync) && args is [CopyObjectRequest request, CancellationToken token])
        {
            return CopyAsync(request, token);
        }

        if (targetMethod.Name == nameof(IAmazonS3.ListObjectsV2Async) && args is [ListObjectsV2Request list, CancellationToken listToken])
        {
            return ListAsync(list, listToken);
        }

        try
        {
            return targetMethod.Invoke(inner, args);
        }
        catch (TargetInvocationException exception) when (exception.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(exception.InnerException);
            throw;
        }
    }

    private async Task<ListObjectsV2Response> ListAsync(ListObjectsV2Request request, CancellationToken cancellationToken)
    {
        var response = await inner!.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);
        foreach (var entry in response.S3Objects ?? [])
        {
            listed[$"{request.BucketName}/{entry.Key}"] = true;
        }

        return response;
    }

    private async Task<CopyObjectResponse> CopyAsync(CopyObjectRequest request, CancellationToken cancellationToken)
    {
        if (listed.ContainsKey($"{request.DestinationBucket}/{request.DestinationKey}"))
        {
            Interlocked.Increment(ref deletes);
            await inner!.DeleteObjectAsync(request.DestinationBucket, request.DestinationKey, cancellationToken).ConfigureAwait(false);
        }

        return await inner!.CopyObjectAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
