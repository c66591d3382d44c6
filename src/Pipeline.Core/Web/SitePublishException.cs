namespace Pipeline.Core.Web;

/// <summary>A site release or publish that cannot go ahead; the message says what was found and what was expected.</summary>
public class SitePublishException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>An S3 request that failed for good: refused (4xx), or still failing after every attempt.</summary>
public sealed class SiteS3Exception(string operation, string bucket, string key, string? errorCode, int? statusCode, int attempts, Exception inner)
    : SitePublishException(Describe(operation, bucket, key, errorCode, statusCode, attempts, inner), inner)
{
    public string Operation { get; } = operation;

    public string Bucket { get; } = bucket;

    public string Key { get; } = key;

    public string? ErrorCode { get; } = errorCode;

    public int? StatusCode { get; } = statusCode;

    private static string Describe(string operation, string bucket, string key, string? errorCode, int? statusCode, int attempts, Exception inner)
    {
        var status = statusCode is { } code ? $" (HTTP {code})" : "";
        var after = attempts > 1 ? $" after {attempts} attempts" : "";
        return $"S3 {operation} s3://{bucket}/{key} failed{after}: {errorCode ?? inner.GetType().Name}{status}: {inner.Message}";
    }
}
