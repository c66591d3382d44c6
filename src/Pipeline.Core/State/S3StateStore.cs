using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Pipeline.Core.State.S3;
using Polly;

namespace Pipeline.Core.State;

/// <summary>
/// The state store as objects in an S3 bucket under a prefix: key "audit/00000042.json" of s3://bucket/prefix is the
/// object "prefix/audit/00000042.json". Keys follow the same rules as <see cref="LocalStateStore"/>.
/// <para>
/// What the bucket must provide:
/// conditional writes: <see cref="TryCreate"/> is a PUT with "If-None-Match: *", which the store answers with
/// 412 Precondition Failed when the object exists. AWS S3 supports this (since August 2024) and it is what keeps two
/// racing runs from both taking the deploy lock. s3rver does NOT enforce it on PUT (its lib/controllers/object.js
/// honours If-None-Match on GET only): against s3rver, or any store that ignores the header, TryCreate overwrites like
/// Write, and the tests put a fake conditional-write interceptor in front of s3rver to stand in for AWS.
/// Versioning is optional (it keeps overwritten state recoverable). No lifecycle rule may expire objects under the
/// prefix: the audit journal, the deploy history and the lock live there.
/// </para>
/// <para>Permissions: s3:GetObject, s3:PutObject, s3:DeleteObject on the prefix and s3:ListBucket on the bucket.</para>
/// The store does not own the client; dispose it after the store is no longer used.
/// </summary>
public sealed class S3StateStore : IStateStore
{
    private readonly IAmazonS3 client;
    private readonly ResiliencePipeline retry;

    /// <summary>Transient failures (throttling, 5xx, network) are retried <paramref name="retries"/> times with exponential backoff from <paramref name="retryDelay"/>.</summary>
    public S3StateStore(IAmazonS3 client, string bucket, string prefix = "", int retries = 4, TimeSpan? retryDelay = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(bucket);
        this.client = client;
        Bucket = bucket;
        Prefix = S3StateKeys.NormalizePrefix(prefix);
        retry = S3StateRetry.Create(retries, retryDelay ?? TimeSpan.FromMilliseconds(200));
    }

    public S3StateStore(IAmazonS3 client, S3StateLocation location)
        : this(client, location.Bucket, location.Prefix)
    {
    }

    public string Bucket { get; }

    /// <summary>"" or a prefix ending in '/'.</summary>
    public string Prefix { get; }

    public string Location => new S3StateLocation(Bucket, Prefix).ToString();

    public bool Exists(string key)
    {
        var objectKey = ObjectKey(key);
        return Run("HEAD", objectKey, async () =>
        {
            try
            {
                await client.GetObjectMetadataAsync(Bucket, objectKey).ConfigureAwait(false);
                return true;
            }
            catch (AmazonS3Exception missing) when (missing.StatusCode == HttpStatusCode.NotFound && missing.ErrorCode != "NoSuchBucket")
            {
                return false;
            }
        });
    }

    public byte[]? Read(string key)
    {
        var objectKey = ObjectKey(key);
        return Run("GET", objectKey, () => ReadAsync(objectKey));
    }

    public void Write(string key, ReadOnlySpan<byte> content)
    {
        var objectKey = ObjectKey(key);
        var bytes = content.ToArray();
        Run("PUT", objectKey, async () =>
        {
            using var body = new MemoryStream(bytes, writable: false);
            await client.PutObjectAsync(Put(objectKey, body)).ConfigureAwait(false);
            return true;
        });
    }

    public bool TryCreate(string key, ReadOnlySpan<byte> content)
    {
        var objectKey = ObjectKey(key);
        var bytes = content.ToArray();
        var attempts = 0;
        return Run("PUT (If-None-Match: *)", objectKey, async () =>
        {
            attempts++;
            using var body = new MemoryStream(bytes, writable: false);
            var request = Put(objectKey, body);
            request.Headers["If-None-Match"] = "*";
            try
            {
                await client.PutObjectAsync(request).ConfigureAwait(false);
                return true;
            }
            catch (AmazonS3Exception exists) when (IsAlreadyExists(exists))
            {
                // After a failed attempt the object found may be this call's own earlier PUT whose answer was lost.
                // Content written with TryCreate carries a unique token (the deploy lock's does), so equal bytes mean ours.
                return attempts > 1 && await ReadAsync(objectKey).ConfigureAwait(false) is { } found && found.AsSpan().SequenceEqual(bytes);
            }
        });
    }

    public void Upload(string key, string localFile)
    {
        var objectKey = ObjectKey(key);
        if (!File.Exists(localFile))
        {
            throw new FileNotFoundException($"Cannot upload {localFile} to {Describe(objectKey)}: the file does not exist.", localFile);
        }

        Run("PUT", objectKey, async () =>
        {
            await client.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = objectKey, FilePath = localFile, UseChunkEncoding = false })
                .ConfigureAwait(false);
            return true;
        });
    }

    public bool Download(string key, string localFile)
    {
        var objectKey = ObjectKey(key);
        var target = Path.GetFullPath(localFile);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        return Run("GET", objectKey, async () =>
        {
            var temporary = $"{target}.{Guid.NewGuid():N}.tmp";
            try
            {
                using (var response = await client.GetObjectAsync(Bucket, objectKey).ConfigureAwait(false))
                await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
                {
                    await response.ResponseStream.CopyToAsync(file).ConfigureAwait(false);
                }

                File.Move(temporary, target, overwrite: true);
                return true;
            }
            catch (AmazonS3Exception missing) when (missing.ErrorCode == "NoSuchKey")
            {
                return false;
            }
            finally
            {
                File.Delete(temporary);
            }
        });
    }

    public IReadOnlyList<string> List(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var listed = Prefix + prefix;
        return Run("LIST", listed, async () =>
        {
            var keys = new List<string>();
            var request = new ListObjectsV2Request { BucketName = Bucket, Prefix = listed };
            ListObjectsV2Response page;
            do
            {
                page = await client.ListObjectsV2Async(request).ConfigureAwait(false);
                keys.AddRange((page.S3Objects ?? []).Select(o => o.Key[Prefix.Length..]));
                request.ContinuationToken = page.NextContinuationToken;
            }
            while (page.IsTruncated == true);

            // S3 orders by UTF-8 bytes, which differs from ordinal UTF-16 order above U+D7FF.
            keys.Sort(StringComparer.Ordinal);
            return (IReadOnlyList<string>)keys;
        });
    }

    public void Delete(string key)
    {
        var objectKey = ObjectKey(key);
        Run("DELETE", objectKey, async () =>
        {
            await client.DeleteObjectAsync(Bucket, objectKey).ConfigureAwait(false);
            return true;
        });
    }

    // 412: the object exists. 409 ConditionalRequestConflict: another conditional write or a delete of the key is in
    // flight; for a create-if-absent either way means "not this writer".
    private static bool IsAlreadyExists(AmazonS3Exception exception) =>
        exception.StatusCode == HttpStatusCode.PreconditionFailed
        || (exception.StatusCode == HttpStatusCode.Conflict && exception.ErrorCode == "ConditionalRequestConflict");

    private async Task<byte[]?> ReadAsync(string objectKey)
    {
        try
        {
            using var response = await client.GetObjectAsync(Bucket, objectKey).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            await response.ResponseStream.CopyToAsync(buffer).ConfigureAwait(false);
            return buffer.ToArray();
        }
        catch (AmazonS3Exception missing) when (missing.ErrorCode == "NoSuchKey")
        {
            return null;
        }
    }

    private PutObjectRequest Put(string objectKey, Stream body) =>
        new() { BucketName = Bucket, Key = objectKey, InputStream = body, AutoCloseStream = false, UseChunkEncoding = false };

    private T Run<T>(string operation, string objectKey, Func<Task<T>> call)
    {
        try
        {
            return retry.Execute(() => call().GetAwaiter().GetResult());
        }
        catch (AmazonServiceException refused)
        {
            throw new S3StateStoreException(
                $"{operation} {Describe(objectKey)} failed: {(int)refused.StatusCode} {refused.ErrorCode}: {refused.Message}{Hint(refused.ErrorCode)}",
                Bucket,
                objectKey,
                refused);
        }
        catch (Exception failed) when (failed is AmazonClientException or HttpRequestException or IOException)
        {
            throw new S3StateStoreException($"{operation} {Describe(objectKey)} failed: {failed.Message}", Bucket, objectKey, failed);
        }
    }

    private string Hint(string? errorCode) => errorCode switch
    {
        "AccessDenied" => $" The state store needs s3:GetObject, s3:PutObject and s3:DeleteObject on {Location}/* and s3:ListBucket on bucket {Bucket}.",
        "NoSuchBucket" => $" Bucket {Bucket} does not exist at this endpoint; create it, or correct the state store location.",
        _ => string.Empty,
    };

    private string Describe(string objectKey) => $"s3://{Bucket}/{objectKey} (bucket {Bucket}, key {objectKey})";

    private string ObjectKey(string key)
    {
        S3StateKeys.Check(key);
        return Prefix + key;
    }
}
