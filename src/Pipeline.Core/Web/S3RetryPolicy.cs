using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Polly;
using Polly.Retry;

namespace Pipeline.Core.Web;

/// <summary>
/// Retries S3 requests that may succeed when tried again: throttling (503 SlowDown, 429, Throttling,
/// RequestLimitExceeded), other 5xx and network failures, with exponential backoff and jitter. Refusals (4xx such as
/// AccessDenied) fail at once. The S3 client itself must not retry (see S3ClientFactory) or attempts multiply.
/// </summary>
internal static class S3RetryPolicy
{
    public static readonly ResiliencePropertyKey<string> Operation = new("site.operation");
    public static readonly ResiliencePropertyKey<string> Key = new("site.key");

    private static readonly HashSet<string> RetriedCodes = new(StringComparer.OrdinalIgnoreCase)
    {
        "SlowDown", "Throttling", "ThrottlingException", "ThrottledException", "RequestLimitExceeded", "RequestThrottled",
        "TooManyRequestsException", "RequestTimeout", "InternalError", "ServiceUnavailable",
    };

    public static ResiliencePipeline Create(int attempts, TimeSpan baseDelay, Action<SiteProgress> report)
    {
        var builder = new ResiliencePipelineBuilder();
        if (attempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } exception && !args.Context.CancellationToken.IsCancellationRequested && IsTransient(exception)),
                MaxRetryAttempts = attempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = baseDelay,
                MaxDelay = TimeSpan.FromSeconds(20),
                OnRetry = args =>
                {
                    report(new SiteRequestRetried(
                        args.Context.Properties.GetValue(Operation, "request"),
                        args.Context.Properties.GetValue(Key, ""),
                        args.AttemptNumber + 1,
                        args.RetryDelay,
                        Describe(args.Outcome.Exception)));
                    return ValueTask.CompletedTask;
                },
            });
        }

        return builder.Build();
    }

    public static bool IsTransient(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case AmazonServiceException service when (int)service.StatusCode >= 500 || service.StatusCode == HttpStatusCode.TooManyRequests
                    || (service.ErrorCode is { } code && RetriedCodes.Contains(code)):
                case HttpRequestException:
                case IOException:
                case SocketException:
                case TimeoutException:
                // The client's own timeout surfaces as a cancellation the caller did not ask for.
                case OperationCanceledException:
                    return true;
                case AmazonServiceException service when service.StatusCode != 0:
                    return false;
            }
        }

        return false;
    }

    public static string Describe(Exception? exception) => exception switch
    {
        null => "no exception",
        AmazonServiceException { ErrorCode: { } code } service => $"{code} (HTTP {(int)service.StatusCode})",
        _ => $"{exception.GetType().Name}: {exception.Message}",
    };
}
