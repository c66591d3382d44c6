using System.Net;

namespace Pipeline.Core.Aws.CloudFront;

/// <summary>CloudFront refused a request; carries the distribution, the HTTP status and CloudFront's error code.</summary>
public sealed class CloudFrontException(string message, string distributionId, HttpStatusCode status, string errorCode, Exception? inner = null)
    : Exception(message, inner)
{
    public const string TooManyInvalidationsInProgress = "TooManyInvalidationsInProgress";

    public const string Throttling = "Throttling";

    public string DistributionId { get; } = distributionId;

    public HttpStatusCode Status { get; } = status;

    public string ErrorCode { get; } = errorCode;

    /// <summary>CloudFront is busy with earlier invalidations of this distribution; the same request can succeed later.</summary>
    public bool IsBusy => ErrorCode == TooManyInvalidationsInProgress;

    /// <summary>Throttled, or a failure on CloudFront's side: worth sending again shortly.</summary>
    public bool IsTransient => ErrorCode == Throttling || (int)Status >= 500;
}
