using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Polly;

namespace Pipeline.Core.Web;

/// <summary>
/// The S3 requests a site publish makes, each through the retry pipeline and counted once per attempt. A request
/// that fails for good becomes a <see cref="SiteS3Exception"/> naming the bucket, key and S3 error code.
/// </summary>
internal sealed class SiteBucket(IAmazonS3 s3, string bucket, ResiliencePipeline retry)
{
    private const int DeleteBatch = 1000;
    private int requests;

    public string Name => bucket;

    /// <summary>Requests sent, retries included.</summary>
    public int Requests => Volatile.Read(ref requests);

    public Task<byte[]?> GetOrNullAsync(string key, CancellationToken cancellationToken) =>
        Send<byte[]?>("GET", key, async token =>
        {
            try
            {
                using var response = await s3.GetObjectAsync(bucket, key, token).ConfigureAwait(false);
                using var buffer = new MemoryStream();
                await response.ResponseStream.CopyToAsync(buffer, token).ConfigureAwait(false);
                return buffer.ToArray();
            }
            catch (AmazonS3Exception exception) when (exception.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }
        }, cancellationToken);

    public Task<DateTime?> LastModifiedOrNullAsync(string key, CancellationToken cancellationToken) =>
        Send<DateTime?>("HEAD", key, async token =>
        {
            try
            {
                var response = await s3.GetObjectMetadataAsync(bucket, key, token).ConfigureAwait(false);
                return response.LastModified;
            }
            catch (AmazonS3Exception exception) when (exception.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }
        }, cancellationToken);

    /// <summary>The objects under a prefix, and with a delimiter the common prefixes one level down.</summary>
    public async Task<(List<S3Object> Objects, List<string> Prefixes)> ListAsync(string prefix, string? delimiter, CancellationToken cancellationToken)
    {
        var objects = new List<S3Object>();
        var prefixes = new List<string>();
        string? continuation = null;
        do
        {
            var request = new ListObjectsV2Request { BucketName = bucket, Prefix = prefix, Delimiter = delimiter, ContinuationToken = continuation };
            var response = await Send("LIST", prefix, token => s3.ListObjectsV2Async(request, token), cancellationToken).ConfigureAwait(false);
            // AWSSDK 4 leaves a response's collections null when S3 sent none, and its flags null when absent.
            objects.AddRange(response.S3Objects ?? []);
            prefixes.AddRange(response.CommonPrefixes ?? []);
            continuation = response.IsTruncated == true ? response.NextContinuationToken : null;
        }
        while (continuation is not null);

        return (objects, prefixes);
    }

    public Task PutFileAsync(string key, string file, ReleaseFile entry, CancellationToken cancellationToken) =>
        Send("PUT", key, token =>
        {
            var request = new PutObjectRequest
            {
                BucketName = bucket,
                Key = key,
                FilePath = file,
                ContentType = entry.ContentType,
                MD5Digest = Convert.ToBase64String(Convert.FromHexString(entry.Md5)),
                UseChunkEncoding = false,
            };
            request.Headers.CacheControl = entry.CacheControl;
            return s3.PutObjectAsync(request, token);
        }, cancellationToken);

    public Task PutBytesAsync(string key, byte[] content, string contentType, string cacheControl, CancellationToken cancellationToken) =>
        Send("PUT", key, token =>
        {
            var request = new PutObjectRequest
            {
                BucketName = bucket,
                Key = key,
                InputStream = new MemoryStream(content, writable: false),
                ContentType = contentType,
                UseChunkEncoding = false,
            };
            request.Headers.CacheControl = cacheControl;
            return s3.PutObjectAsync(request, token);
        }, cancellationToken);

    /// <summary>Uploads a file in parts of <paramref name="partSize"/>, each part retried on its own; a failed upload is aborted.</summary>
    public async Task PutMultipartAsync(string key, string file, ReleaseFile entry, long partSize, CancellationToken cancellationToken)
    {
        var initiate = new InitiateMultipartUploadRequest { BucketName = bucket, Key = key, ContentType = entry.ContentType };
        initiate.Headers.CacheControl = entry.CacheControl;
        var upload = await Send("CreateMultipartUpload", key, token => s3.InitiateMultipartUploadAsync(initiate, token), cancellationToken).ConfigureAwait(false);
        try
        {
            var parts = new List<PartETag>();
            for (long position = 0, number = 1; position < entry.Size; position += partSize, number++)
            {
                var partNumber = (int)number;
                var offset = position;
                var part = await Send("UploadPart", $"{key} (part {partNumber})", token => s3.UploadPartAsync(
                    new UploadPartRequest
                    {
                        BucketName = bucket,
                        Key = key,
                        UploadId = upload.UploadId,
                        PartNumber = partNumber,
                        FilePath = file,
                        FilePosition = offset,
                        PartSize = Math.Min(partSize, entry.Size - offset),
                        UseChunkEncoding = false,
                    },
                    token), cancellationToken).ConfigureAwait(false);
                parts.Add(new PartETag(partNumber, part.ETag));
            }

            await Send("CompleteMultipartUpload", key, token => s3.CompleteMultipartUploadAsync(
                new CompleteMultipartUploadRequest { BucketName = bucket, Key = key, UploadId = upload.UploadId, PartETags = parts }, token), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await AbortQuietlyAsync(key, upload.UploadId).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A server-side copy that replaces the metadata, so the live object gets exactly the release's headers.</summary>
    public Task CopyAsync(string sourceKey, string destinationKey, string contentType, string cacheControl, CancellationToken cancellationToken) =>
        Send("COPY", destinationKey, token =>
        {
            var request = new CopyObjectRequest
            {
                SourceBucket = bucket,
                SourceKey = sourceKey,
                DestinationBucket = bucket,
                DestinationKey = destinationKey,
                MetadataDirective = S3MetadataDirective.REPLACE,
                ContentType = contentType,
            };
            request.Headers.CacheControl = cacheControl;
            return s3.CopyObjectAsync(request, token);
        }, cancellationToken);

    public async Task DeleteAsync(IReadOnlyList<string> keys, Action<string> deleted, CancellationToken cancellationToken)
    {
        foreach (var batch in keys.Chunk(DeleteBatch))
        {
            var response = await Send("DELETE", batch.Length == 1 ? batch[0] : $"{batch[0]} and {batch.Length - 1} more", token => s3.DeleteObjectsAsync(
                new DeleteObjectsRequest { BucketName = bucket, Objects = batch.Select(k => new KeyVersion { Key = k }).ToList(), Quiet = true }, token), cancellationToken).ConfigureAwait(false);
            if (response.DeleteErrors is { Count: > 0 } errors)
            {
                var first = errors[0];
                throw new SitePublishException(
                    $"S3 DELETE s3://{bucket}/{first.Key} failed: {first.Code}: {first.Message} ({errors.Count} of {batch.Length} keys in the batch were not deleted).");
            }

            foreach (var key in batch)
            {
                deleted(key);
            }
        }
    }

    private async Task AbortQuietlyAsync(string key, string uploadId)
    {
        try
        {
            Interlocked.Increment(ref requests);
            await s3.AbortMultipartUploadAsync(bucket, key, uploadId, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is AmazonServiceException or HttpRequestException or IOException or OperationCanceledException)
        {
            // The upload already failed; an unaborted upload costs storage until a lifecycle rule removes it.
        }
    }

    private async Task<T> Send<T>(string operation, string key, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(S3RetryPolicy.Operation, operation);
        context.Properties.Set(S3RetryPolicy.Key, key);
        var attempts = 0;
        try
        {
            return await retry.ExecuteAsync(
                async ctx =>
                {
                    attempts++;
                    Interlocked.Increment(ref requests);
                    return await call(ctx.CancellationToken).ConfigureAwait(false);
                },
                context).ConfigureAwait(false);
        }
        catch (AmazonServiceException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SiteS3Exception(operation, bucket, key, exception.ErrorCode, exception.StatusCode == 0 ? null : (int)exception.StatusCode, attempts, exception);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested && S3RetryPolicy.IsTransient(exception))
        {
            throw new SiteS3Exception(operation, bucket, key, null, null, attempts, exception);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }
}
