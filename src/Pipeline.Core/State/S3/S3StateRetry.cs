using System.Net;
using Amazon.Runtime;
using Polly;
using Polly.Retry;

namespace Pipeline.Core.State.S3;

/// <summary>
/// Retries of S3 state store calls after throttling (503 SlowDown), other 5xx and network failures. S3 clients are
/// built with the SDK's own retries off (see S3ClientFactory), so this is the only retry layer.
/// </summary>
internal static class S3StateRetry
{
    public static ResiliencePipeline Create(int retries, TimeSpan delay) =>
        new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(1, retries),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = delay,
                MaxDelay = TimeSpan.FromSeconds(20),
                ShouldHandle = arguments => ValueTask.FromResult(retries > 0 && IsTransient(arguments.Outcome.Exception)),
            })
            .Build();

    private static bool IsTransient(Exception? exception) => exception switch
    {
        AmazonServiceException service => service.StatusCode >= HttpStatusCode.InternalServerError || service.ErrorCode is "SlowDown" or "RequestTimeout",
        HttpRequestException or IOException or TaskCanceledException { InnerException: TimeoutException } => true,
        _ => false,
    };
}
