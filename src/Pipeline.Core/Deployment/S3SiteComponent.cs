using Pipeline.Core.Aws.CloudFront;
using Pipeline.Core.Web;

namespace Pipeline.Core.Deployment;

/// <summary>The web front end in an S3 bucket, optionally behind a CloudFront distribution whose cache is invalidated for what changed.</summary>
public sealed class S3SiteComponent(
    SitePublisher publisher,
    string location,
    string source,
    CloudFrontInvalidator? invalidator,
    string? distributionId,
    Action<string> progress) : ISiteComponent
{
    public string Description =>
        location + (distributionId is null ? string.Empty : $" behind CloudFront {distributionId}");

    public string SourceIn(string releaseDirectory) => Path.Combine(releaseDirectory, source);

    public Task<string?> LiveVersionAsync(CancellationToken cancellationToken = default) => publisher.LiveVersionAsync(cancellationToken);

    public Task<IReadOnlyList<string>> KeptVersionsAsync(CancellationToken cancellationToken = default) => publisher.ListReleasesAsync(cancellationToken);

    public async Task StageAsync(string version, string siteDirectory, CancellationToken cancellationToken = default)
    {
        RequireSource(siteDirectory);
        var release = await publisher.UploadReleaseAsync(version, siteDirectory, dryRun: false, cancellationToken).ConfigureAwait(false);
        progress(release.AlreadyComplete
            ? $"web: release {version} is already in the bucket ({release.FilesInRelease} files); nothing uploaded"
            : $"web: release {version}: uploaded {release.Uploads.Count} of {release.FilesInRelease} files ({release.BytesUploaded:N0} bytes), {release.Requests} requests, {release.Retries} retries");
    }

    public async Task PublishAsync(string version, CancellationToken cancellationToken = default)
    {
        var live = await publisher.PublishLiveAsync(version, dryRun: false, cancellationToken).ConfigureAwait(false);
        progress($"web: live site is now {version} (was {live.PreviousVersion ?? "empty"}): {live.Copies.Count} copied in the bucket, {live.Deletes.Count} stale deleted, 0 bytes uploaded");
        if (invalidator is null || distributionId is null)
        {
            return;
        }

        var invalidation = await invalidator.InvalidateAsync(distributionId, CachedPaths(live.ChangedPaths), cancellationToken).ConfigureAwait(false);
        progress(invalidation is null
            ? $"web: nothing changed, so nothing to invalidate in CloudFront {distributionId}"
            : $"web: CloudFront {distributionId} invalidation {invalidation.Invalidation.Id} ({invalidation.Invalidation.Status}) for {string.Join(", ", invalidation.Invalidation.Paths)}");
    }

    public async Task<IReadOnlyList<string>> PlanAsync(string version, string siteDirectory, CancellationToken cancellationToken = default)
    {
        RequireSource(siteDirectory);
        var plan = await publisher.DeployAsync(version, siteDirectory, dryRun: true, cancellationToken).ConfigureAwait(false);
        var lines = new List<string>
        {
            plan.Release.AlreadyComplete
                ? $"web: release {version} is already in {Description}; nothing to upload"
                : $"web: upload {plan.Release.Uploads.Count} of {plan.Release.FilesInRelease} files ({plan.Release.PlannedBytes:N0} bytes) to releases/{version}/",
        };
        lines.AddRange(plan.Release.Uploads.Select(u => $"web:   upload {u.Path} ({u.Size:N0} bytes{(u.Multipart ? ", multipart" : string.Empty)})"));
        lines.Add($"web: live {plan.Live.PreviousVersion ?? "(empty)"} -> {version}: {plan.Live.Copies.Count} copies (HTML last), then {plan.Live.Deletes.Count} deletes");
        lines.AddRange(plan.Live.Copies.Select(c => $"web:   copy {c.Path} ({c.ContentType}; {c.CacheControl})"));
        lines.AddRange(plan.Live.Deletes.Select(d => $"web:   delete {d}"));
        lines.Add(distributionId is null
            ? "web: no CloudFront distribution configured; nothing to invalidate"
            : plan.Live.ChangedPaths.Count == 0
                ? $"web: nothing to invalidate in CloudFront {distributionId}"
                : $"web: invalidate in CloudFront {distributionId}: {string.Join(", ", invalidator is null ? plan.Live.ChangedPaths : InvalidationPlanner.Plan(CachedPaths(plan.Live.ChangedPaths), invalidator.Options.CollapseAbove))}");
        return lines;
    }

    // CloudFront caches a directory's index document under the directory's own path too ("/" for "/index.html").
    private static IReadOnlyList<string> CachedPaths(IReadOnlyList<string> changed) =>
        changed.Concat(changed.Where(p => p.EndsWith("/index.html", StringComparison.Ordinal)).Select(p => p[..^"index.html".Length]))
            .Distinct(StringComparer.Ordinal)
            .ToList();

    private void RequireSource(string siteDirectory)
    {
        if (!Directory.Exists(siteDirectory))
        {
            throw new DirectoryNotFoundException($"{siteDirectory}: the release has no front end directory \"{source}\" (deployment target's site.source); expected the static files to publish.");
        }
    }
}
