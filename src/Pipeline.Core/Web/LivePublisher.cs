using System.Collections.Concurrent;
using System.Diagnostics;

namespace Pipeline.Core.Web;

/// <summary>
/// Points the live site at a stored release with server-side copies only: non-HTML copies, then HTML copies, then
/// the live marker, then deletes of what the release does not have. Each step starts only when the previous one has
/// finished, so a visitor never gets a page whose assets are missing.
/// </summary>
internal sealed class LivePublisher(SiteBucket bucket, SiteLayout layout, SitePublishOptions options, SiteProgressReporter progress)
{
    private const string MarkerCacheControl = "no-cache";

    public async Task<LivePublishResult> RunAsync(string version, bool dryRun, CancellationToken cancellationToken)
    {
        var release = await ReadReleaseAsync(version, cancellationToken).ConfigureAwait(false);
        return dryRun ? await PlanAsync(version, release, cancellationToken).ConfigureAwait(false) : await PublishAsync(version, release, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The dry run: what publishing this release would do, without writing anything.</summary>
    public async Task<LivePublishResult> PlanAsync(string version, ReleaseManifest release, CancellationToken cancellationToken)
    {
        var previous = await ReadLiveVersionAsync(cancellationToken).ConfigureAwait(false);
        var plan = LivePlanner.Plan(release, await ListLiveAsync(cancellationToken).ConfigureAwait(false));
        progress.Report(new SitePhasePlanned(SitePhase.Copy, plan.Copies.Count, plan.Copies.Sum(c => c.Size)));
        progress.Report(new SitePhasePlanned(SitePhase.Delete, plan.Deletes.Count, 0));
        return Result(version, dryRun: true, previous, plan, 0);
    }

    private async Task<LivePublishResult> PublishAsync(string version, ReleaseManifest release, CancellationToken cancellationToken)
    {
        var previous = await ReadLiveVersionAsync(cancellationToken).ConfigureAwait(false);
        var live = await ListLiveAsync(cancellationToken).ConfigureAwait(false);
        var plan = LivePlanner.Plan(release, live);
        progress.Report(new SitePhasePlanned(SitePhase.Copy, plan.Copies.Count, plan.Copies.Sum(c => c.Size)));
        var clock = Stopwatch.StartNew();
        var copied = await CopyAsync(release, plan.Copies.Where(c => !c.IsHtml).ToList(), cancellationToken).ConfigureAwait(false);
        copied += await CopyAsync(release, plan.Copies.Where(c => c.IsHtml).ToList(), cancellationToken).ConfigureAwait(false);
        progress.Report(new SitePhaseFinished(SitePhase.Copy, plan.Copies.Count, copied, progress.Retries, clock.Elapsed));

        if (previous != version || plan.Copies.Count > 0 || plan.Deletes.Count > 0)
        {
            await bucket.PutBytesAsync(layout.LiveMarkerKey, new LiveRelease(version, DateTimeOffset.UtcNow).ToJson(), "application/json", MarkerCacheControl, cancellationToken)
                .ConfigureAwait(false);
        }

        clock.Restart();
        progress.Report(new SitePhasePlanned(SitePhase.Delete, plan.Deletes.Count, 0));
        await bucket.DeleteAsync(
            plan.Deletes.Select(layout.LiveKey).ToList(),
            key => progress.Report(new SiteFileDone(SitePhase.Delete, layout.LivePath(key) ?? key, 0)),
            cancellationToken).ConfigureAwait(false);
        progress.Report(new SitePhaseFinished(SitePhase.Delete, plan.Deletes.Count, 0, progress.Retries, clock.Elapsed));
        return Result(version, dryRun: false, previous, plan, copied);
    }

    public async Task<ReleaseManifest> ReadReleaseAsync(string version, CancellationToken cancellationToken)
    {
        var key = layout.ManifestKey(version);
        var json = await bucket.GetOrNullAsync(key, cancellationToken).ConfigureAwait(false)
            ?? throw new SitePublishException($"Release {version} has no manifest at s3://{bucket.Name}/{key}; it was never uploaded or its upload did not finish.");
        var manifest = ReleaseManifest.FromJson(json, $"s3://{bucket.Name}/{key}");
        return manifest.Version == version
            ? manifest
            : throw new SitePublishException($"Release manifest s3://{bucket.Name}/{key} names version {manifest.Version}; expected {version}.");
    }

    public async Task<string?> ReadLiveVersionAsync(CancellationToken cancellationToken) =>
        await bucket.GetOrNullAsync(layout.LiveMarkerKey, cancellationToken).ConfigureAwait(false) is { } json
            ? LiveRelease.FromJson(json, $"s3://{bucket.Name}/{layout.LiveMarkerKey}")?.Version
            : null;

    /// <summary>
    /// The live site's paths and ETags. Lists one level with a delimiter first so the releases folder, usually the
    /// bulk of the bucket, is never walked.
    /// </summary>
    private async Task<Dictionary<string, string>> ListLiveAsync(CancellationToken cancellationToken)
    {
        var (top, folders) = await bucket.ListAsync(layout.KeyPrefix, "/", cancellationToken).ConfigureAwait(false);
        var objects = new ConcurrentBag<Amazon.S3.Model.S3Object>(top);
        await Parallel.ForEachAsync(
            folders.Where(f => f != layout.ReleasesRoot),
            new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = cancellationToken },
            async (folder, token) =>
            {
                var (nested, _) = await bucket.ListAsync(folder, delimiter: null, token).ConfigureAwait(false);
                nested.ForEach(objects.Add);
            }).ConfigureAwait(false);

        var live = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in objects)
        {
            if (layout.LivePath(entry.Key) is { } path)
            {
                live[path] = entry.ETag;
            }
        }

        return live;
    }

    private async Task<long> CopyAsync(ReleaseManifest release, IReadOnlyList<PlannedCopy> copies, CancellationToken cancellationToken)
    {
        long bytes = 0;
        await Parallel.ForEachAsync(
            copies,
            new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = cancellationToken },
            async (copy, token) =>
            {
                await bucket.CopyAsync(layout.StoredKey(release.StoredAt(copy.Path)), layout.LiveKey(copy.Path), copy.ContentType, copy.CacheControl, token).ConfigureAwait(false);
                Interlocked.Add(ref bytes, copy.Size);
                progress.Report(new SiteFileDone(SitePhase.Copy, copy.Path, copy.Size));
            }).ConfigureAwait(false);
        return bytes;
    }

    private LivePublishResult Result(string version, bool dryRun, string? previous, LivePlan plan, long copied) =>
        new(version, dryRun, previous, plan.Copies, plan.Deletes, plan.ChangedPaths, copied, bucket.Requests, progress.Retries);
}
