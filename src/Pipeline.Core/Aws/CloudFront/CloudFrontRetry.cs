using Polly;
using Polly.Retry;

namespace Pipeline.Core.Aws.CloudFront;

/// <summary>
/// Retries of one CloudFront operation: throttling, 5xx and network failures a few times, and (for creating an
/// invalidation) TooManyInvalidationsInProgress for as long as the options allow. Build one per operation; the
/// budgets are counted from the moment it is built.
/// </summary>
internal static class CloudFrontRetry
{
    public static ResiliencePipeline For(InvalidationOptions options, TimeProvider clock, bool retryWhileBusy)
    {
        var busyUntil = clock.GetUtcNow() + options.BusyRetryFor;
        var transientLeft = options.TransientRetries;
        return new ResiliencePipelineBuilder { TimeProvider = clock }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                MaxDelay = options.MaxRetryDelay,
                ShouldHandle = arguments => ValueTask.FromResult(arguments.Outcome.Exception switch
                {
                    CloudFrontException { IsBusy: true } => retryWhileBusy && clock.GetUtcNow() < busyUntil,
                    CloudFrontException { IsTransient: true } or HttpRequestException or TaskCanceledException { InnerException: TimeoutException } =>
                        Interlocked.Decrement(ref transientLeft) >= 0,
                    _ => false,
                }),
            })
            .Build();
    }
}
