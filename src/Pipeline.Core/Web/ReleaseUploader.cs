using System.Diagnostics;

namespace Pipeline.Core.Web;

/// <summary>
/// Stores a site directory as an immutable release. Files already stored with the same content are skipped, so a run
/// cut short is resumed by the next one; files the live release already holds with the same content are referred to
/// in the manifest, where the bytes already are (no request at all); only the rest is uploaded. The manifest is
/// written last and marks the release complete. Releases are never deleted, so such references stay valid.
/// </summary>
internal sealed class ReleaseUploader(SiteBucket bucket, SiteLayout layout, SitePublishOptions options, ContentTypeTable contentTypes, CacheControlPolicy cacheControl, SiteProgressReporter progress)
{
    private const string ManifestCacheControl = "no-cache";

    public async Task<ReleaseUploadResult> RunAsync(string version, string siteDirectory, bool dryRun, CancellationToken cancellationToken)
    {
        var local = await SiteDirectoryScanner.ScanAsync(version, siteDirectory, options, contentTypes, cacheControl, cancellationToken).ConfigureAwait(false);
        var manifestKey = layout.ManifestKey(version);
        if (await bucket.GetOrNullAsync(manifestKey, cancellationToken).ConfigureAwait(false) is { } storedJson)
        {
            var stored = ReleaseManifest.FromJson(storedJson, $"s3://{bucket.Name}/{manifestKey}");
            if (stored.FirstDifference(local) is { } difference)
            {
                throw new SitePublishException(
                    $"Release {version} is already stored in s3://{bucket.Name}/{layout.ReleasePrefix(version)} with other content ({difference}); "
                    + "releases are immutable, so build this content as a new version.");
            }

            progress.Report(new SitePhasePlanned(SitePhase.Upload, 0, 0));
            progress.Report(new SitePhaseFinished(SitePhase.Upload, 0, 0, progress.Retries, TimeSpan.Zero));
            return new ReleaseUploadResult(version, dryRun, AlreadyComplete: true, local.Files.Count, [], [], 0, bucket.Requests, progress.Retries);
        }

        var (objects, _) = await bucket.ListAsync(layout.ReleasePrefix(version), delimiter: null, cancellationToken).ConfigureAwait(false);
        var storedETags = objects.ToDictionary(o => o.Key, o => o.ETag, StringComparer.Ordinal);
        var missing = local.Files
            .Where(f => !ObjectETag.Matches(storedETags.GetValueOrDefault(layout.ReleaseKey(version, f.Key)), f.Value.Md5, f.Value.ETag))
            .ToList();
        var baseRelease = await LiveReleaseAsync(cancellationToken).ConfigureAwait(false);
        var baseSources = baseRelease?.Files
            .GroupBy(f => (f.Value.Md5, f.Value.Size))
            .ToDictionary(g => g.Key, g => baseRelease.StoredAt(g.First().Key)) ?? [];
        var reused = missing
            .Where(f => baseSources.ContainsKey((f.Value.Md5, f.Value.Size)))
            .Select(f => new ReusedFile(f.Key, baseRelease!.Version, baseSources[(f.Value.Md5, f.Value.Size)], f.Value.Size))
            .ToList();
        var uploads = missing
            .Where(f => !baseSources.ContainsKey((f.Value.Md5, f.Value.Size)))
            .Select(f => new PlannedUpload(f.Key, f.Value.Size, f.Value.Size > options.MultipartThreshold))
            .ToList();
        progress.Report(new SitePhasePlanned(SitePhase.Upload, uploads.Count + reused.Count, uploads.Sum(u => u.Size)));
        if (dryRun)
        {
            return new ReleaseUploadResult(version, dryRun, AlreadyComplete: false, local.Files.Count, uploads, reused, 0, bucket.Requests, progress.Retries);
        }

        var clock = Stopwatch.StartNew();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = cancellationToken };
        foreach (var file in reused)
        {
            progress.Report(new SiteFileDone(SitePhase.Upload, file.Path, 0));
        }

        long bytes = 0;
        var root = Path.GetFullPath(siteDirectory);
        await Parallel.ForEachAsync(
            uploads,
            parallel,
            async (upload, token) =>
            {
                var entry = local.Files[upload.Path];
                var file = Path.Combine(root, upload.Path);
                var key = layout.ReleaseKey(version, upload.Path);
                var task = upload.Multipart
                    ? bucket.PutMultipartAsync(key, file, entry, options.MultipartThreshold, token)
                    : bucket.PutFileAsync(key, file, entry, token);
                await task.ConfigureAwait(false);
                Interlocked.Add(ref bytes, upload.Size);
                progress.Report(new SiteFileDone(SitePhase.Upload, upload.Path, upload.Size));
            }).ConfigureAwait(false);

        var files = local.Files.ToDictionary(StringComparer.Ordinal);
        foreach (var file in reused)
        {
            files[file.Path] = files[file.Path] with { StoredAt = file.StoredAt };
        }

        await bucket.PutBytesAsync(manifestKey, (local with { Files = files }).ToJson(), "application/json", ManifestCacheControl, cancellationToken).ConfigureAwait(false);
        progress.Report(new SitePhaseFinished(SitePhase.Upload, uploads.Count + reused.Count, bytes, progress.Retries, clock.Elapsed));
        return new ReleaseUploadResult(version, dryRun, AlreadyComplete: false, local.Files.Count, uploads, reused, bytes, bucket.Requests, progress.Retries);
    }

    /// <summary>
    /// The manifest of the release the live site serves, if any: files it already holds with the same content are
    /// copied server-side into the new release instead of uploaded again.
    /// </summary>
    private async Task<ReleaseManifest?> LiveReleaseAsync(CancellationToken cancellationToken)
    {
        if (await bucket.GetOrNullAsync(layout.LiveMarkerKey, cancellationToken).ConfigureAwait(false) is not { } markerJson
            || LiveRelease.FromJson(markerJson, $"s3://{bucket.Name}/{layout.LiveMarkerKey}")?.Version is not { } liveVersion)
        {
            return null;
        }

        var key = layout.ManifestKey(liveVersion);
        return await bucket.GetOrNullAsync(key, cancellationToken).ConfigureAwait(false) is { } json ? ReleaseManifest.FromJson(json, $"s3://{bucket.Name}/{key}") : null;
    }
}
