using System.Security.Cryptography;
using Pipeline.Core.Web;

namespace Pipeline.Core.Tests.Web;

public sealed class SiteRulesTests
{
    [Theory]
    [InlineData("index.html", "text/html; charset=utf-8")]
    [InlineData("a/b/app.MJS", "text/javascript; charset=utf-8")]
    [InlineData("fonts/x.woff2", "font/woff2")]
    [InlineData("app.wasm", "application/wasm")]
    [InlineData("app.js.map", "application/json")]
    [InlineData("favicon.ico", "image/x-icon")]
    [InlineData("photo.avif", "image/avif")]
    [InlineData("notes.txt", "text/markdown")]
    [InlineData("LICENSE", "application/octet-stream")]
    [InlineData("archive.tar.zst", "application/octet-stream")]
    public void Content_types_come_from_the_table_with_configured_overrides(string path, string expected)
    {
        var table = new ContentTypeTable(new Dictionary<string, string> { [".avif"] = "image/avif", ["txt"] = "text/markdown" });

        Assert.Equal(expected, table.For(path));
    }

    [Theory]
    [InlineData("index.html", "no-cache")]
    [InlineData("assets/app.3f2a9c1b.js", "public, max-age=31536000, immutable")]
    [InlineData("assets/chunk-0A1B2C3D4E.css", "public, max-age=31536000, immutable")]
    [InlineData("assets/app.3f2a9c1.js", "public, max-age=300")]
    [InlineData("assets/deadbeefcafe.js", "public, max-age=300")]
    [InlineData("img/logo.png", "public, max-age=300")]
    [InlineData("docs/guide.pdf", "private, max-age=60")]
    [InlineData("docs/deep/guide.pdf", "private, max-age=60")]
    [InlineData("sw.js", "no-store")]
    [InlineData("nested/sw.js", "public, max-age=300")]
    public void Cache_control_takes_the_first_matching_rule_then_the_defaults(string path, string expected)
    {
        var policy = new CacheControlPolicy([new("sw.js", "should not win"), new("docs/**/*.pdf", "private, max-age=60"), new("*.pdf", "never reached")]);
        var rootOnly = new CacheControlPolicy([new("/sw.js", "no-store")]);
        var types = new ContentTypeTable();

        var actual = path.EndsWith("sw.js", StringComparison.Ordinal) ? rootOnly.For(path, types.For(path)) : policy.For(path, types.For(path));

        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task A_multipart_etag_is_the_md5_of_the_part_md5s_with_the_part_count()
    {
        var file = Path.GetTempFileName();
        try
        {
            var content = new byte[(2 * 1024 * 1024) + 10];
            new Random(7).NextBytes(content);
            await File.WriteAllBytesAsync(file, content);

            var (md5, etag) = await ObjectETag.ComputeAsync(file, 1024 * 1024, CancellationToken.None);
            var (smallMd5, smallETag) = await ObjectETag.ComputeAsync(file, content.Length, CancellationToken.None);

#pragma warning disable CA5351 // S3 defines its ETags with MD5.
            var parts = content.Chunk(1024 * 1024).SelectMany(MD5.HashData).ToArray();
            Assert.Equal(Convert.ToHexStringLower(MD5.HashData(content)), md5);
            Assert.Equal($"{Convert.ToHexStringLower(MD5.HashData(parts))}-3", etag);
#pragma warning restore CA5351
            Assert.Equal(md5, smallMd5);
            Assert.Equal(md5, smallETag);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("\"abc\"", true)]
    [InlineData("\"def-2\"", true)]
    [InlineData("\"def-3\"", false)]
    [InlineData("\"abd\"", false)]
    [InlineData(null, false)]
    public void A_reported_etag_matches_either_the_md5_or_the_expected_multipart_etag(string? reported, bool matches) =>
        Assert.Equal(matches, ObjectETag.Matches(reported, "abc", "def-2"));

    [Fact]
    public void The_plan_copies_assets_before_html_and_deletes_what_the_release_lacks()
    {
        var release = new ReleaseManifest("v2", 5, DateTimeOffset.UnixEpoch, new Dictionary<string, ReleaseFile>
        {
            ["index.html"] = new("aa", 1, "aa", "text/html; charset=utf-8", "no-cache"),
            ["z.js"] = new("bb", 1, "bb", "text/javascript; charset=utf-8", "x"),
            ["a.css"] = new("cc", 1, "cc", "text/css; charset=utf-8", "x"),
            ["same.png"] = new("dd", 1, "dd", "image/png", "x"),
        });
        var live = new Dictionary<string, string> { ["index.html"] = "\"old\"", ["same.png"] = "\"dd\"", ["gone.txt"] = "\"ee\"" };

        var plan = LivePlanner.Plan(release, live);

        Assert.Equal(["a.css", "z.js", "index.html"], plan.Copies.Select(c => c.Path));
        Assert.Equal(["gone.txt"], plan.Deletes);
        Assert.Equal(["/a.css", "/gone.txt", "/index.html", "/z.js"], plan.ChangedPaths);
    }

    [Fact]
    public void The_plain_renderer_prints_the_plan_a_line_per_tenth_and_a_summary()
    {
        using var output = new StringWriter();
        var renderer = new PlainProgressRenderer(output);

        renderer.Report(new SitePhasePlanned(SitePhase.Upload, 100, 100 * 1024));
        for (var i = 0; i < 100; i++)
        {
            renderer.Report(new SiteFileDone(SitePhase.Upload, $"f{i}", 1024));
            if (i == 5)
            {
                renderer.Report(new SiteRequestRetried("PUT", "k", 2, TimeSpan.Zero, "SlowDown (HTTP 503)"));
            }
        }

        renderer.Report(new SitePhaseFinished(SitePhase.Upload, 100, 100 * 1024, 1, TimeSpan.FromSeconds(2)));
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(11, lines.Length);
        Assert.Equal("upload: 100 files, 100.0 KiB", lines[0].TrimEnd());
        Assert.Equal("upload: 10% (10/100 files, 10.0 KiB, 1 retries)", lines[1].TrimEnd());
        Assert.Equal("upload: done, 100 files, 100.0 KiB in 2.0 s, 1 retries", lines[^1].TrimEnd());
    }

    [Theory]
    [InlineData("releases/v1/x.js")]
    [InlineData(".live-release.json")]
    public async Task Site_files_that_collide_with_the_release_store_are_refused(string path)
    {
        using var site = new SiteDirectory(SiteDirectory.Text(("index.html", "x"), (path, "y")));

        var error = await Assert.ThrowsAsync<SitePublishException>(() =>
            SiteDirectoryScanner.ScanAsync("v1", site.Path, SitePublishOptions.Default("b"), new ContentTypeTable(), new CacheControlPolicy(), CancellationToken.None));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("../v1")]
    [InlineData("v1/x")]
    public void Versions_that_cannot_name_a_folder_are_refused(string version) =>
        Assert.Throws<ArgumentException>(() => SiteLayout.ValidateVersion(version));
}
