using Amazon.S3;

namespace Pipeline.Core.Web;

/// <summary>
/// Publishes a static site to S3 as immutable releases plus a live copy: <see cref="UploadReleaseAsync"/> stores a
/// directory under releases/&lt;version&gt;/ (uploading only what is not already there), <see cref="PublishLiveAsync"/>
/// makes the live site equal to a stored release with server-side copies, so a rollback uploads nothing.
/// </summary>
public sealed class SitePublisher
{
    private readonly IAmazonS3 s3;
    private readonly SitePublishOptions options;
    private readonly Action<SiteProgress>? progress;
    private readonly SiteLayout layout;
    private readonly ContentTypeTable contentTypes;
    private readonly CacheControlPolicy cacheControl;
    private int requests;

    public SitePublisher(IAmazonS3 s3, SitePublishOptions options, Action<SiteProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(s3);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.s3 = s3;
        this.options = options;
        this.progress = progress;
        layout = new SiteLayout(options.KeyPrefix);
        contentTypes = new ContentTypeTable(options.ContentTypes);
        cacheControl = new CacheControlPolicy(options.CacheRules);
    }

    /// <summary>S3 requests sent by this publisher so far, retries included.</summary>
    public int Requests => Volatile.Read(ref requests);

    public SiteLayout Layout => layout;

    public async Task<ReleaseUploadResult> UploadReleaseAsync(string version, string siteDirectory, bool dryRun, CancellationToken cancellationToken = default)
    {
        SiteLayout.ValidateVersion(version);
        var (bucket, reporter) = Start();
        try
        {
            return await new ReleaseUploader(bucket, layout, options, contentTypes, cacheControl, reporter)
                .RunAsync(version, siteDirectory, dryRun, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Add(ref requests, bucket.Requests);
        }
    }

    public async Task<LivePublishResult> PublishLiveAsync(string version, bool dryRun, CancellationToken cancellationToken = default)
    {
        SiteLayout.ValidateVersion(version);
        var (bucket, reporter) = Start();
        try
        {
            return await new LivePublisher(bucket, layout, options, reporter).RunAsync(version, dryRun, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Add(ref requests, bucket.Requests);
        }
    }

    /// <summary>Uploads the release, then publishes it; when the upload fails the live site is not touched.</summary>
    public async Task<SiteDeployResult> DeployAsync(string version, string siteDirectory, bool dryRun, CancellationToken cancellationToken = default)
    {
        var release = await UploadReleaseAsync(version, siteDirectory, dryRun, cancellationToken).ConfigureAwait(false);
        if (dryRun && !release.AlreadyComplete)
        {
            // The release is not in the bucket yet, so the live plan comes from the local files.
            return new SiteDeployResult(release, await PlanLiveFromDirectoryAsync(version, siteDirectory, cancellationToken).ConfigureAwait(false));
        }

        return new SiteDeployResult(release, await PublishLiveAsync(version, dryRun, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Complete releases (those with a manifest), oldest first.</summary>
    public async Task<IReadOnlyList<string>> ListReleasesAsync(CancellationToken cancellationToken = default)
    {
        var (bucket, _) = Start();
        try
        {
            var (_, folders) = await bucket.ListAsync(layout.ReleasesRoot, "/", cancellationToken).ConfigureAwait(false);
            var releases = new List<(string Version, DateTime Stored)>();
            await Parallel.ForEachAsync(
                folders,
                new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = cancellationToken },
                async (folder, token) =>
                {
                    var version = folder[layout.ReleasesRoot.Length..].TrimEnd('/');
                    if (await bucket.LastModifiedOrNullAsync(layout.ManifestKey(version), token).ConfigureAwait(false) is { } stored)
                    {
                        lock (releases)
                        {
                            releases.Add((version, stored));
                        }
                    }
                }).ConfigureAwait(false);
            return releases.OrderBy(r => r.Stored).ThenBy(r => r.Version, StringComparer.Ordinal).Select(r => r.Version).ToList();
        }
        finally
        {
            Interlocked.Add(ref requests, bucket.Requests);
        }
    }

    /// <summary>The release the live site serves, from the live marker; null before the first publish.</summary>
    public async Task<string?> LiveVersionAsync(CancellationToken cancellationToken = default)
    {
        var (bucket, reporter) = Start();
        try
        {
            return await new LivePublisher(bucket, layout, options, reporter).ReadLiveVersionAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Add(ref requests, bucket.Requests);
        }
    }

    private async Task<LivePublishResult> PlanLiveFromDirectoryAsync(string version, string siteDirectory, CancellationToken cancellationToken)
    {
        var (bucket, reporter) = Start();
        try
        {
            var local = await SiteDirectoryScanner.ScanAsync(version, siteDirectory, options, contentTypes, cacheControl, cancellationToken).ConfigureAwait(false);
            return await new LivePublisher(bucket, layout, options, reporter).PlanAsync(version, local, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Add(ref requests, bucket.Requests);
        }
    }

    private (SiteBucket Bucket, SiteProgressReporter Reporter) Start()
    {
        var reporter = new SiteProgressReporter(progress);
        return (new SiteBucket(s3, options.Bucket, S3RetryPolicy.Create(options.Attempts, options.RetryBaseDelay, reporter.Report)), reporter);
    }
}
