namespace Pipeline.Core.Aws.CloudFront;

/// <summary>
/// Invalidates what a deployment changed on a CloudFront distribution: plans the paths, creates the invalidation
/// (retrying while CloudFront is busy or throttling) and, if asked, waits until CloudFront reports it Completed.
/// </summary>
public sealed class CloudFrontInvalidator(CloudFrontClient client, InvalidationOptions? options = null, TimeProvider? clock = null)
{
    private readonly InvalidationOptions options = options ?? new InvalidationOptions();
    private readonly TimeProvider clock = clock ?? TimeProvider.System;

    public InvalidationOptions Options => options;

    /// <summary>Invalidates the changed live paths (raw, e.g. "index.html" or "/assets/app.js"); null when there are none.</summary>
    public async Task<InvalidationResult?> InvalidateAsync(string distributionId, IEnumerable<string> changedPaths, CancellationToken cancellationToken = default)
    {
        var changed = changedPaths.Distinct(StringComparer.Ordinal).ToList();
        var paths = InvalidationPlanner.Plan(changed, options.CollapseAbove);
        if (paths.Count == 0)
        {
            return null;
        }

        // One reference for every attempt: when an attempt created the invalidation but its answer was lost, CloudFront
        // answers the resend with that invalidation instead of starting a second one.
        var reference = $"pipeline-{clock.GetUtcNow():yyyyMMddTHHmmssfffZ}-{Guid.NewGuid():N}";
        Invalidation created;
        try
        {
            created = await CloudFrontRetry.For(options, clock, retryWhileBusy: true)
                .ExecuteAsync(async token => await client.CreateInvalidationAsync(distributionId, paths, reference, token).ConfigureAwait(false), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (CloudFrontException busy) when (busy.IsBusy)
        {
            throw new CloudFrontException(
                $"{busy.Message} Still busy after retrying for {options.BusyRetryFor}: distribution {distributionId} has too many invalidations in progress "
                + $"(CloudFront allows {InvalidationPlanner.MaxPaths} paths, or {InvalidationPlanner.MaxWildcardPaths} wildcard paths, at a time).",
                distributionId,
                busy.Status,
                busy.ErrorCode,
                busy);
        }

        var final = options.WaitForCompletion ? await WaitUntilCompletedAsync(distributionId, created, cancellationToken).ConfigureAwait(false) : created;
        return new InvalidationResult(distributionId, final, changed.Count);
    }

    /// <summary>Polls until the invalidation is Completed; <see cref="InvalidationTimeoutException"/> when the wait runs out first.</summary>
    public async Task<Invalidation> WaitUntilCompletedAsync(string distributionId, Invalidation invalidation, CancellationToken cancellationToken = default)
    {
        var started = clock.GetTimestamp();
        var polls = 0;
        while (!invalidation.IsCompleted)
        {
            var waited = clock.GetElapsedTime(started);
            if (waited >= options.WaitTimeout)
            {
                throw new InvalidationTimeoutException(
                    $"Timed out: CloudFront invalidation {invalidation.Id} of distribution {distributionId} was still {invalidation.Status} after "
                    + $"{options.WaitTimeout} ({polls} polls, every {options.PollInterval}). It carries on in CloudFront; check it with "
                    + $"aws cloudfront get-invalidation --distribution-id {distributionId} --id {invalidation.Id}.",
                    distributionId,
                    invalidation.Id);
            }

            var pause = options.PollInterval < options.WaitTimeout - waited ? options.PollInterval : options.WaitTimeout - waited;
            await Task.Delay(pause, clock, cancellationToken).ConfigureAwait(false);
            var id = invalidation.Id;
            invalidation = await CloudFrontRetry.For(options, clock, retryWhileBusy: false)
                .ExecuteAsync(async token => await client.GetInvalidationAsync(distributionId, id, token).ConfigureAwait(false), cancellationToken)
                .ConfigureAwait(false);
            polls++;
        }

        return invalidation;
    }
}
