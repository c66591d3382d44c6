namespace Pipeline.Core.Aws.CloudFront;

/// <summary>How invalidations are planned, retried and waited for.</summary>
public sealed record InvalidationOptions
{
    /// <summary>Above this many changed paths, invalidate wildcards instead (see <see cref="InvalidationPlanner"/>).</summary>
    public int CollapseAbove { get; init; } = 100;

    /// <summary>How long to keep retrying while CloudFront answers TooManyInvalidationsInProgress.</summary>
    public TimeSpan BusyRetryFor { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How many times to resend after throttling, a 5xx or a network failure.</summary>
    public int TransientRetries { get; init; } = 5;

    /// <summary>The first retry delay; later ones grow exponentially, with jitter, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Wait until CloudFront reports the invalidation Completed.</summary>
    public bool WaitForCompletion { get; init; }

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(20);

    public TimeSpan WaitTimeout { get; init; } = TimeSpan.FromMinutes(15);
}
