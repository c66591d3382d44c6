using System.Collections.Concurrent;
using Amazon.S3;
using Amazon.S3.Model;
using Pipeline.Core.Tests.Support;
using Pipeline.Core.Web;

namespace Pipeline.Core.Tests.Web;

public sealed class SitePublisherTests : IClassFixture<S3rverServer>
{
    private const string Prefix = "site";
    private readonly S3rverServer server;

    public SitePublisherTests(S3rverServer server) => this.server = server;

    private static Dictionary<string, byte[]> Version1() => SiteDirectory.Text(
        ("index.html", "<html>home v1</html>"),
        ("about/index.html", "<html>about v1</html>"),
        ("assets/app.3f2a9c1b.js", "console.log('v1');"),
        ("assets/site.css", "body { color: black; }"),
        ("img/logo.png", "not really a png"),
        ("data.bin", "opaque"),
        ("robots.txt", "User-agent: *"));

    [Fact]
    public async Task First_deploy_uploads_every_file_once_and_serves_each_with_its_content_type_and_cache_control()
    {
        var bucket = server.CreateBucket("site");
        using var proxy = new SiteProxy(server);
        using var site = new SiteDirectory(Version1());

        var result = await proxy.Publisher(Options(bucket)).DeployAsync("v1", site.Path, dryRun: false);

        Assert.Equal(7, result.Release.Uploads.Count);
        Assert.Equal(Version1().Values.Sum(v => (long)v.Length), result.Release.BytesUploaded);
        Assert.Equal(7, proxy.Requests.Count(r => r.Kind == "PUT" && r.Key.StartsWith("site/releases/v1/", StringComparison.Ordinal) && !r.Key.EndsWith(ReleaseManifest.FileName, StringComparison.Ordinal)));
        Assert.Contains(proxy.Requests, r => r.Kind == "PUT" && r.Key == "site/releases/v1/.release.json");
        Assert.DoesNotContain(proxy.Requests, r => r.Kind == "PUT" && !r.Key.StartsWith("site/releases/", StringComparison.Ordinal) && r.Key != "site/.live-release.json");
        Assert.Equal(Version1().Keys.Order(StringComparer.Ordinal), result.Live.Copied.Order(StringComparer.Ordinal));
        Assert.Equal(Version1(), await LiveFilesAsync(bucket));
        await AssertHeadersAsync(bucket, "index.html", "text/html; charset=utf-8", "no-cache");
        await AssertHeadersAsync(bucket, "about/index.html", "text/html; charset=utf-8", "no-cache");
        await AssertHeadersAsync(bucket, "assets/app.3f2a9c1b.js", "text/javascript; charset=utf-8", "public, max-age=31536000, immutable");
        await AssertHeadersAsync(bucket, "assets/site.css", "text/css; charset=utf-8", "public, max-age=300");
        await AssertHeadersAsync(bucket, "img/logo.png", "image/png", "public, max-age=300");
        await AssertHeadersAsync(bucket, "data.bin", "application/octet-stream", "public, max-age=300");
        Assert.Equal("v1", await proxy.Publisher(Options(bucket)).LiveVersionAsync());
    }

    [Fact]
    public async Task An_unchanged_rebuild_with_new_timestamps_uploads_and_copies_nothing()
    {
        var bucket = server.CreateBucket("site");
        using var proxy = new SiteProxy(server);
        using var site = new SiteDirectory(Version1());
        await proxy.Publisher(Options(bucket)).DeployAsync("v1", site.Path, dryRun: false);
        site.Touch(DateTime.UtcNow.AddHours(1));
        proxy.Requests.Clear();

        var result = await proxy.Publisher(Options(bucket)).DeployAsync("v1", site.Path, dryRun: false);

        Assert.True(result.Release.AlreadyComplete);
        Assert.Equal(0, result.Release.BytesUploaded);
        Assert.Empty(result.Live.Copies);
        Assert.Empty(result.Live.Deletes);
        Assert.DoesNotContain(proxy.Requests, SiteProxy.IsWrite);
    }

    [Fact]
    public async Task A_new_version_with_the_same_bytes_refers_to_the_stored_ones_with_no_upload_and_no_copy_and_still_rolls_forward_and_back()
    {
        var bucket = server.CreateBucket("site");
        using var proxy = new SiteProxy(server);
        using var v1 = new SiteDirectory(Version1());
        await proxy.Publisher(Options(bucket)).DeployAsync("v1", v1.Path, dryRun: false);
        v1.Touch(DateTime.UtcNow.AddHours(1));
        proxy.Requests.Clear();

        var rebuilt = await proxy.Publisher(Options(bucket)).DeployAsync("v2", v1.Path, dryRun: false);

        Assert.Empty(rebuilt.Release.Uploads);
        Assert.Equal(Version1().Count, rebuilt.Release.Reused.Count);
        Assert.Empty(rebuilt.Live.Copies);
        Assert.Equal(["site/.live-release.json", "site/releases/v2/.release.json"], proxy.Requests.Where(SiteProxy.IsWrite).Select(r => r.Key).Order(StringComparer.Ordinal));

        var files = Version1();
        files["index.html"] = "<html>home v3</html>"u8.ToArray();
        using var v3 = new SiteDirectory(files);
        await proxy.Publisher(Options(bucket)).DeployAsync("v3", v3.Path, dryRun: false);
        var back = await proxy.Publisher(Options(bucket)).PublishLiveAsync("v2", dryRun: false);

        Assert.Equal(["index.html"], back.Copied);
        Assert.Equal(Version1(), await LiveFilesAsync(bucket));
    }

    [Fact]
    public async Task A_changed_file_is_the_only_one_uploaded_copied_and_reported_changed()
    {
        var bucket = server.CreateBucket("site");
        using var proxy = new SiteProxy(server);
        using var v1 = new SiteDirectory(Version1());
        await proxy.Publisher(Options(bucket)).DeployAsync("v1", v1.Path, dryRun: false);
        var files = Version1();
        files["assets/site.css"] = "body { color: navy; }"u8.ToArray();
        using var v2 = new SiteDirectory(files);

        var result = await proxy.Publisher(Options(bucket)).DeployAsync("v2", v2.Path, dryRun: false);

        Assert.Equal(["assets/site.css"], result.Release.Uploads.Select(u => u.Path));
        Assert.Equal(files["assets/site.css"].Length, result.Release.BytesUploaded);
        Assert.Equal(6, result.Release.Reused.Count);
        Assert.Equal(["assets/site.css"], result.Live.Copied);
        Assert.Equal(["/assets/site.css"], result.Live.ChangedPaths);
        Assert.Equal(files, await LiveFilesAsync(bucket));
    }

    [Fact]
    public async Task A_deleted_file_leaves_the_live_site_only_after_every_html_copy()
    {
        var bucket = server.CreateBucket("site");
        using var proxy = new SiteProxy(server);
        using var v1 = new SiteDirectory(Version1());
        await proxy.Publisher(Options(bucket)).DeployAsync("v1", v1.Path, dryRun: false);
        var files = Version1();
        files.Remove("robots.txt");
        files["index.html"] = "<html>home v2</html>"u8.ToArray();
        files["about/index.html"] = "<html>about v2</html>"u8.ToArray();
        files["assets/app.0badc0de.js"] = "console.log('v2');"u8.ToArray();
        using var v2 = new SiteDirectory(files);
        await proxy.Publisher(Options(bucket)).UploadReleaseAsync("v2", v2.Path, dryRun: false);
        proxy.Requests.Clear();

        var result = await proxy.Publisher(Options(bucket)).PublishLiveAsync("v2", dryRun: false);

        var order = proxy.Requests.Where(SiteProxy.IsWrite).ToList();
        var lastAssetCopy = order.FindLastIndex(r => r.Kind == "COPY" && !r.Key.EndsWith(".html", StringComparison.Ordinal));
        var firstHtmlCopy = order.FindIndex(r => r.Kind == "COPY" && r.Key.EndsWith(".html", StringComparison.Ordinal));
        var lastHtmlCopy = order.FindLastIndex(r => r.Kind == "COPY" && r.Key.EndsWith(".html", StringComparison.Ordinal));
        var marker = order.FindIndex(r => r.Kind == "PUT" && r.Key == "site/.live-release.json");
        var delete = order.FindIndex(r => r.Kind == "DELETE");
        Assert.True(lastAssetCopy >= 0 && lastAssetCopy < firstHtmlCopy, Describe(order));
        Assert.True(lastHtmlCopy < marker && marker < delete, Describe(order));
        Assert.Equal(["site/robots.txt"], order.Where(r => r.Kind == "DELETE").Select(r => r.Key));
        Assert.Equal(["robots.txt"], result.Deletes);
        Assert.Equal(["/about/index.html", "/assets/app.0badc0de.js", "/index.html", "/robots.txt"], result.ChangedPaths);
        Assert.Equal(files, await LiveFilesAsync(bucket));
    }

    [Fact]
    public async Task Rolling_back_to_an_earlier_release_uploads_nothing_and_restores_it_byte_for_byte()
    {
        var bucket = server.CreateBucket("site");
        using var proxy = new SiteProxy(server);
        using var v1 = new SiteDirectory(Version1());
        var files = Version1();
        files.Remove("data.bin");
        files["index.html"] = "<html>home v2 with more bytes than v1</html>"u8.ToArray();
        files["assets/site.css"] = "body{}"u8.ToArray();
        files["new/page.html"] = "<html>new</html>"u8.ToArray();
        using var v2 = new SiteDirectory(files);
        await proxy.Publisher(Options(bucket)).DeployAsync("v1", v1.Path, dryRun: false);
        await proxy.Publisher(Options(bucket)).DeployAsync("v2", v2.Path, dryRun: false);
        Assert.Equal(files, await LiveFilesAsync(bucket));
        proxy.Requests.Clear();

        var publisher = proxy.Publisher(Options(bucket));
        var result = await publisher.PublishLiveAsync("v1", dryRun: false);

        Assert.Equal(0, result.BytesUploaded);
        Assert.DoesNotContain(proxy.Requests, r => r.Kind is "PUT" or "UPLOAD_PART" && r.Key != "site/.live-release.json");
        Assert.Equal(["assets/site.css", "data.bin", "index.html"], result.Copied.Order(StringComparer.Ordinal));
        Assert.Equal(["new/page.html"], result.Deletes);
        Assert.Equal(Version1(), await LiveFilesAsync(bucket));
        Assert.Equal("v2", result.PreviousVersion);
        Assert.Equal("v1", await publisher.LiveVersionAsync());
        Assert.Equal(["v1", "v2"], await publisher.ListReleasesAsync());
    }

    [Fact]
    public async Task An_interrupted_upload_is_resumed_by_the_next_run_uploading_only_what_is_missing()
    {
        var bucket = server.CreateBucket("site");
        using var proxy = new SiteProxy(server);
        using var site = new SiteDirectory(Version1());
        var puts = 0;
        proxy.Fault = r => r.Kind == "PUT" && Interlocked.Increment(ref puts) > 3 ? InterceptedAnswer.S3Error(403, "AccessDenied", "Access Denied") : null;

        // One transfer at a time, so no PUT let through is still in flight when the run fails.
        await Assert.ThrowsAsync<SiteS3Exception>(() => proxy.Publisher(Options(bucket) with { Parallelism = 1 }).DeployAsync("v1", site.Path, dryRun: false));
        var stored = await ListKeysAsync(bucket, "site/releases/v1/");
        proxy.Fault = null;
        var result = await proxy.Publisher(Options(bucket)).DeployAsync("v1", site.Path, dryRun: false);

        Assert.Equal(3, stored.Count);
        Assert.DoesNotContain("site/releases/v1/.release.json", stored);
        Assert.Equal(4, result.Release.Uploads.Count);
        Assert.Empty(result.Release.Uploads.Select(u => "site/releases/v1/" + u.Path).Intersect(stored));
        Assert.Equal(Version1(), await LiveFilesAsync(bucket));
    }

    [Fact]
    public async Task A_bucket_that_refuses_writes_fails_naming_bucket_key_and_code_and_leaves_the_live_site_alone()
    {
        var bucket = server.CreateBucket("site");
        using var proxy = new SiteProxy(server);
        using var v1 = new SiteDirectory(Version1());
        await proxy.Publisher(Options(bucket)).DeployAsync("v1", v1.Path, dryRun: false);
        var files = Version1();
        files["index.html"] = "<html>home v2</html>"u8.ToArray();
        using var v2 = new SiteDirectory(files);
        proxy.Requests.Clear();
        proxy.Fault = r => SiteProxy.IsWrite(r) ? InterceptedAnswer.S3Error(403, "AccessDenied", "Access Denied") : null;

        var error = await Assert.ThrowsAsync<SiteS3Exception>(() => proxy.Publisher(Options(bucket)).DeployAsync("v2", v2.Path, dryRun: false));

        Assert.Equal("AccessDenied", error.ErrorCode);
        Assert.Equal(bucket, error.Bucket);
        Assert.Contains($"s3://{bucket}/site/releases/v2/", error.Message, StringComparison.Ordinal);
        Assert.Contains("AccessDenied", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(proxy.Requests, r => r.Kind == "COPY" && !r.Key.StartsWith("site/releases/", StringComparison.Ordinal));
        Assert.DoesNotContain(proxy.Requests, r => r.Kind == "PUT" && r.Key.StartsWith("site/releases/v2/", StringComparison.Ordinal) && r.Faulted is false);
        Assert.Equal(Version1(), await LiveFilesAsync(bucket));
    }

    [Fact]
    public async Task Throttled_writes_are_retried_until_they_succeed_and_the_retries_are_reported()
    {
        var bucket = server.CreateBucket("site");
        using var proxy = new SiteProxy(server);
        using var site = new SiteDirectory(Version1());
        var throttled = 0;
        proxy.Fault = r => r.Kind == "PUT" && Interlocked.Increment(ref throttled) <= 3 ? InterceptedAnswer.S3Error(503, "SlowDown", "Please reduce your request rate.") : null;
        var events = new ConcurrentQueue<SiteProgress>();

        var result = await proxy.Publisher(Options(bucket), events.Enqueue).DeployAsync("v1", site.Path, dryRun: false);

        Assert.Equal(3, result.Release.Retries);
        Assert.Equal(3, events.OfType<SiteRequestRetried>().Count(e => e.Reason.StartsWith("SlowDown", StringComparison.Ordinal)));
        Assert.Equal(7 + 1 + 3, proxy.Requests.Count(r => r.Kind == "PUT" && r.Key.StartsWith("site/releases/", StringComparison.Ordinal)));
        Assert.Equal(Version1(), await LiveFilesAsync(bucket));
    }

    [Fact]
    public async Task Throttling_that_never_ends_fails_after_the_configured_attempts()
    {
        var bucket = server.CreateBucket("site");
        using var proxy = new SiteProxy(server);
        using var site = new SiteDirectory(SiteDirectory.Text(("index.html", "<html/>")));
        proxy.Fault = r => r.Kind == "PUT" ? InterceptedAnswer.S3Error(503, "SlowDown", "Please reduce your request rate.") : null;

        var error = await Assert.ThrowsAsync<SiteS3Exception>(() => proxy.Publisher(Options(bucket) with { Attempts = 3 }).UploadReleaseAsync("v1", site.Path, dryRun: false));

        Assert.Equal("SlowDown", error.ErrorCode);
        Assert.Contains("after 3 attempts", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, proxy.Requests.Count(r => r.Kind == "PUT"));
    }

    [Fact]
    public async Task A_file_over_the_threshold_goes_multipart_and_its_aws_style_etag_matches_the_local_file()
    {
        var bucket = server.CreateBucket("site");
        using var proxy = new SiteProxy(server) { AwsMultipartETags = true };
        var big = new byte[(6 * 1024 * 1024) + 123];
        new Random(42).NextBytes(big);
        var files = SiteDirectory.Text(("index.html", "<html/>"));
        files["video/intro.wasm"] = big;
        using var site = new SiteDirectory(files);

        var first = await proxy.Publisher(Options(bucket)).DeployAsync("v1", site.Path, dryRun: false);
        var manifest = ReleaseManifest.FromJson(await ReadAsync(bucket, "site/releases/v1/.release.json"), "test");
        var listed = await proxy.Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = "site/releases/v1/video/" });
        using (var direct = server.CreateClient())
        {
            // Without its manifest the release looks interrupted, so the next run must compare every ETag.
            await direct.DeleteObjectAsync(bucket, "site/releases/v1/.release.json");
        }

        var again = await proxy.Publisher(Options(bucket)).DeployAsync("v1", site.Path, dryRun: false);

        Assert.Contains(first.Release.Uploads, u => u.Path == "video/intro.wasm" && u.Multipart);
        Assert.Equal(2, proxy.Requests.Count(r => r.Kind == "UPLOAD_PART"));
        Assert.Equal(SitePublishOptions.MinimumMultipartThreshold, manifest.PartSize);
        Assert.EndsWith("-2", manifest.Files["video/intro.wasm"].ETag, StringComparison.Ordinal);
        Assert.Equal($"\"{manifest.Files["video/intro.wasm"].ETag}\"", listed.S3Objects.Single().ETag);
        Assert.False(again.Release.AlreadyComplete);
        Assert.Empty(again.Release.Uploads);
        Assert.Empty(again.Live.Copies);
        Assert.Equal(files, await LiveFilesAsync(bucket));
    }

    [Fact]
    public async Task Uploading_different_content_as_an_existing_release_is_refused_naming_version_and_file()
    {
        var bucket = server.CreateBucket("site");
        using var proxy = new SiteProxy(server);
        using var v1 = new SiteDirectory(Version1());
        await proxy.Publisher(Options(bucket)).UploadReleaseAsync("v1", v1.Path, dryRun: false);
        v1.Write("assets/site.css", "body { color: red; }"u8.ToArray());
        proxy.Requests.Clear();

        var error = await Assert.ThrowsAsync<SitePublishException>(() => proxy.Publisher(Options(bucket)).UploadReleaseAsync("v1", v1.Path, dryRun: false));

        Assert.Contains("Release v1", error.Message, StringComparison.Ordinal);
        Assert.Contains("assets/site.css", error.Message, StringComparison.Ordinal);
        Assert.Contains("immutable", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(proxy.Requests, SiteProxy.IsWrite);
    }

    [Fact]
    public async Task A_dry_run_plans_uploads_copies_and_deletes_and_writes_nothing()
    {
        var bucket = server.CreateBucket("site");
        using var proxy = new SiteProxy(server);
        using var v1 = new SiteDirectory(Version1());
        await proxy.Publisher(Options(bucket)).DeployAsync("v1", v1.Path, dryRun: false);
        var files = Version1();
        files.Remove("robots.txt");
        files["index.html"] = "<html>home v2</html>"u8.ToArray();
        files["new.js"] = "new"u8.ToArray();
        using var v2 = new SiteDirectory(files);
        proxy.Requests.Clear();

        var plan = await proxy.Publisher(Options(bucket)).DeployAsync("v2", v2.Path, dryRun: true);

        Assert.DoesNotContain(proxy.Requests, SiteProxy.IsWrite);
        Assert.NotEmpty(proxy.Requests);
        Assert.Equal(["index.html", "new.js"], plan.Release.Uploads.Select(u => u.Path).Order(StringComparer.Ordinal));
        Assert.Equal(files["index.html"].Length + 3, plan.Release.PlannedBytes);
        Assert.Equal(0, plan.Release.BytesUploaded);
        Assert.Equal(["new.js", "index.html"], plan.Live.Copied);
        Assert.Equal(["robots.txt"], plan.Live.Deletes);
        Assert.Equal(["/index.html", "/new.js", "/robots.txt"], plan.Live.ChangedPaths);
        Assert.Equal(Version1(), await LiveFilesAsync(bucket));
        Assert.Empty(await ListKeysAsync(bucket, "site/releases/v2/"));
    }

    [Fact]
    public async Task Publishing_a_release_that_was_never_completed_is_refused()
    {
        var bucket = server.CreateBucket("site");
        using var proxy = new SiteProxy(server);

        var error = await Assert.ThrowsAsync<SitePublishException>(() => proxy.Publisher(Options(bucket)).PublishLiveAsync("v9", dryRun: false));

        Assert.Contains($"s3://{bucket}/site/releases/v9/.release.json", error.Message, StringComparison.Ordinal);
    }

    private static SitePublishOptions Options(string bucket) =>
        SitePublishOptions.Default(bucket, Prefix) with
        {
            Parallelism = 4,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            MultipartThreshold = SitePublishOptions.MinimumMultipartThreshold,
        };

    private static string Describe(IEnumerable<SiteRequest> requests) => string.Join(", ", requests.Select(r => $"{r.Kind} {r.Key}"));

    private async Task<List<string>> ListKeysAsync(string bucket, string prefix)
    {
        using var client = server.CreateClient();
        var response = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = prefix });
        return (response.S3Objects ?? []).Select(o => o.Key).ToList();
    }

    private async Task<byte[]> ReadAsync(string bucket, string key)
    {
        using var client = server.CreateClient();
        using var response = await client.GetObjectAsync(bucket, key);
        using var buffer = new MemoryStream();
        await response.ResponseStream.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    /// <summary>The live site as path → content: everything under the prefix except releases and the marker.</summary>
    private async Task<Dictionary<string, byte[]>> LiveFilesAsync(string bucket)
    {
        var keys = await ListKeysAsync(bucket, Prefix + "/");
        var live = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var key in keys.Where(k => !k.StartsWith(Prefix + "/releases/", StringComparison.Ordinal) && k != Prefix + "/.live-release.json"))
        {
            live[key[(Prefix.Length + 1)..]] = await ReadAsync(bucket, key);
        }

        return live;
    }

    private async Task AssertHeadersAsync(string bucket, string path, string contentType, string cacheControl)
    {
        using var client = server.CreateClient();
        var metadata = await client.GetObjectMetadataAsync(bucket, $"{Prefix}/{path}");
        Assert.Equal(contentType, metadata.Headers.ContentType);
        Assert.Equal(cacheControl, metadata.Headers.CacheControl);
    }
}
