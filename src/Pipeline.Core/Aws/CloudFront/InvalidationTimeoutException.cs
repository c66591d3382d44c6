namespace Pipeline.Core.Aws.CloudFront;

/// <summary>An invalidation did not reach Completed within the time allowed; it carries on in CloudFront regardless.</summary>
public sealed class InvalidationTimeoutException(string message, string distributionId, string invalidationId) : TimeoutException(message)
{
    public string DistributionId { get; } = distributionId;

    public string InvalidationId { get; } = invalidationId;
}
