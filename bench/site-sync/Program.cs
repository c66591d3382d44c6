using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Pipeline.Core.Aws;
using Pipeline.Core.Web;
using SiteSyncBench;

// The bench side of bench/site-sync.sh. Every command that talks to S3 prints one line of key=value pairs.
const string Usage = """
    usage: SiteSyncBench generate <dir> <files> <megabytes> <seed>
           SiteSyncBench touch <dir>
           SiteSyncBench change <dir> <count>
           SiteSyncBench publish <endpoint> <bucket> <version> <dir>
           SiteSyncBench rollback <endpoint> <bucket> <version>
           SiteSyncBench verify <endpoint> <bucket> <dir>
    SITE_PARALLELISM overrides the publisher's parallelism (default 8).
    """;

try
{
    return args switch
    {
        ["generate", var dir, var files, var megabytes, var seed] => Generate(dir, Int(files), Int(megabytes), Int(seed)),
        ["touch", var dir] => Done(SiteGenerator.Touch(dir), "touched"),
        ["change", var dir, var count] => Done(SiteGenerator.Change(dir, Int(count)), "changed"),
        ["publish", var endpoint, var bucket, var version, var dir] => await PublishAsync(endpoint, bucket, version, dir),
        ["rollback", var endpoint, var bucket, var version] => await PublishAsync(endpoint, bucket, version, dir: null),
        ["verify", var endpoint, var bucket, var dir] => await VerifyAsync(endpoint, bucket, dir),
        _ => Fail(Usage),
    };
}
catch (Exception exception) when (exception is SitePublishException or AmazonS3Exception or IOException or FormatException)
{
    return Fail(exception.Message);
}

static int Generate(string dir, int files, int megabytes, int seed)
{
    var bytes = SiteGenerator.Generate(dir, files, megabytes * 1024L * 1024L, seed);
    Console.WriteLine(Invariant($"generated files={files} bytes={bytes}"));
    return 0;
}

static int Done(int files, string what)
{
    Console.WriteLine(Invariant($"{what} files={files}"));
    return 0;
}

// publish: release upload, then live publish (what SitePublisher.DeployAsync does, timed in two parts).
// rollback (dir is null): live publish of an already stored release only.
static async Task<int> PublishAsync(string endpoint, string bucket, string version, string? dir)
{
    var fix = S3rverCopyFix.Wrap(Client(endpoint));
    using var client = fix.Client;
    var options = SitePublishOptions.Default(bucket) with { Parallelism = Parallelism() };
    var publisher = new SitePublisher(client, options);
    var clock = Stopwatch.StartNew();
    ReleaseUploadResult? release = null;
    if (dir is not null)
    {
        release = await publisher.UploadReleaseAsync(version, dir, dryRun: false);
    }

    var uploadSeconds = clock.Elapsed.TotalSeconds;
    var live = await publisher.PublishLiveAsync(version, dryRun: false);
    var seconds = clock.Elapsed.TotalSeconds;
    Console.WriteLine(string.Join(
        ' ',
        Invariant($"seconds={seconds:F3} requests={publisher.Requests} bytes_uploaded={release?.BytesUploaded ?? 0} uploads={release?.Uploads.Count ?? 0}"),
        Invariant($"reused={release?.Reused.Count ?? 0} already_complete={release?.AlreadyComplete ?? false} live_copies={live.Copies.Count}"),
        Invariant($"live_deletes={live.Deletes.Count} release_seconds={uploadSeconds:F3} live_seconds={seconds - uploadSeconds:F3}"),
        Invariant($"parallelism={options.Parallelism} s3rver_fix_deletes={fix.Deletes}")));
    return 0;
}

// Whether the site served from the bucket root (releases/ and the live marker aside) is exactly the directory:
// same paths, and ETags equal to the local MD5s.
static async Task<int> VerifyAsync(string endpoint, string bucket, string dir)
{
    using var client = Client(endpoint);
    var layout = new SiteLayout("");
    var remote = new Dictionary<string, string>(StringComparer.Ordinal);
    var request = new ListObjectsV2Request { BucketName = bucket };
    ListObjectsV2Response response;
    do
    {
        response = await client.ListObjectsV2Async(request);
        foreach (var entry in response.S3Objects ?? [])
        {
            if (layout.LivePath(entry.Key) is { } path)
            {
                remote[path] = entry.ETag.Trim('"');
            }
        }

        request.ContinuationToken = response.NextContinuationToken;
    }
    while (response.IsTruncated == true);

    var root = Path.GetFullPath(dir);
    int missing = 0, different = 0, files = 0;
    foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
    {
        files++;
        var path = Path.GetRelativePath(root, file).Replace('\\', '/');
        if (!remote.Remove(path, out var etag))
        {
            missing++;
        }
        else if (!etag.Equals(Md5(file), StringComparison.OrdinalIgnoreCase))
        {
            different++;
        }
    }

    var ok = missing == 0 && different == 0 && remote.Count == 0;
    Console.WriteLine(Invariant($"verify={(ok ? "ok" : "MISMATCH")} files={files} missing={missing} different={different} extra={remote.Count}"));
    return 0;
}

static IAmazonS3 Client(string endpoint) => S3ClientFactory.Create(new S3Endpoint("us-east-1", new Uri(endpoint), ForcePathStyle: true));

static string Md5(string file)
{
    using var stream = File.OpenRead(file);
#pragma warning disable CA5351 // S3 ETags of single-part objects are content MD5s; this compares content, it protects nothing.
    return Convert.ToHexStringLower(MD5.HashData(stream));
#pragma warning restore CA5351
}

static int Parallelism() =>
    Environment.GetEnvironmentVariable("SITE_PARALLELISM") is { Length: > 0 } value ? Int(value) : SitePublishOptions.DefaultParallelism;

static int Int(string value) => int.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);

static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

static int Fail(string message)
{
    Console.Error.WriteLine(message);
    return 2;
}
