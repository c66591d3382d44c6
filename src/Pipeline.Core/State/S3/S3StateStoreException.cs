namespace Pipeline.Core.State.S3;

/// <summary>The bucket refused or failed an operation of the S3 state store; names the bucket and the object key.</summary>
public sealed class S3StateStoreException(string message, string bucket, string objectKey, Exception? inner = null) : Exception(message, inner)
{
    public string Bucket { get; } = bucket;

    public string ObjectKey { get; } = objectKey;
}
