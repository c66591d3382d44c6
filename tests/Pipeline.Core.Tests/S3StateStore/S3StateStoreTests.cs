using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using Pipeline.Core.Aws;
using Pipeline.Core.Deployment;
using Pipeline.Core.State;
using Pipeline.Core.State.S3;
using Pipeline.Core.Tests.Support;

namespace Pipeline.Core.Tests.S3StateStore;

public sealed class S3StateStoreTests : IClassFixture<S3rverServer>, IDisposable
{
    private const string Prefix = "environments/staging";

    private readonly S3rverServer server;
    private readonly string bucket;
    private readonly FakeConditionalWrites conditionalWrites;
    private readonly S3InterceptingProxy proxy;
    private readonly IAmazonS3 client;
    private readonly string scratch = Directory.CreateTempSubdirectory("pipeline-s3store-").FullName;

    public S3StateStoreTests(S3rverServer server)
    {
        this.server = server;
        bucket = server.CreateBucket("state");
        conditionalWrites = new FakeConditionalWrites(server);
        proxy = new S3InterceptingProxy(server, conditionalWrites.Intercept);
        client = S3ClientFactory.Create(new S3Endpoint("us-east-1", proxy.ServiceUrl, ForcePathStyle: true), S3rverServer.Credentials);
    }

    private State.S3StateStore Store => new(client, bucket, Prefix, retries: 3, retryDelay: TimeSpan.FromMilliseconds(10));

    [Fact]
    public void The_location_names_bucket_and_prefix() => Assert.Equal($"s3://{bucket}/{Prefix}", Store.Location);

    [Fact]
    public void A_written_object_reads_back_whole_and_a_second_write_replaces_it()
    {
        Store.Write("history/1.json", "first"u8);
        Store.Write("history/1.json", "second, longer"u8);

        Assert.Equal("second, longer", Encoding.UTF8.GetString(Store.Read("history/1.json")!));
        Assert.True(Store.Exists("history/1.json"));
        Assert.Equal(["history/1.json"], Store.List("history/"));
    }

    [Fact]
    public async Task Objects_live_under_the_prefix_in_the_bucket()
    {
        Store.Write("audit/00000001.json", "a"u8);

        using var direct = server.CreateClient();
        var listed = await direct.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });

        Assert.Equal([$"{Prefix}/audit/00000001.json"], listed.S3Objects.Select(o => o.Key));
    }

    [Fact]
    public void A_missing_object_reads_as_null_and_does_not_exist()
    {
        Assert.Null(Store.Read("nothing/here.json"));
        Assert.False(Store.Exists("nothing/here.json"));
    }

    [Fact]
    public void TryCreate_never_overwrites_an_existing_object()
    {
        Assert.True(Store.TryCreate("locks/deploy.json", "mine"u8));
        Assert.False(Store.TryCreate("locks/deploy.json", "theirs"u8));

        Assert.Equal("mine", Encoding.UTF8.GetString(Store.Read("locks/deploy.json")!));
        Assert.Equal(1, conditionalWrites.Refused);
    }

    [Fact]
    public void TryCreate_sends_If_None_Match_star_on_the_wire()
    {
        var seen = new List<string?>();
        proxy.Interceptor = request =>
        {
            if (request.Method == "PUT")
            {
                lock (seen)
                {
                    seen.Add(request.Header("If-None-Match"));
                }
            }

            return conditionalWrites.Intercept(request);
        };

        Store.Write("plain.json", "x"u8);
        Store.TryCreate("conditional.json", "y"u8);

        Assert.Equal([null, "*"], seen);
    }

    [Fact]
    public void S3rver_alone_does_not_enforce_If_None_Match_on_PUT_which_is_why_the_tests_fake_it()
    {
        using var direct = server.CreateClient();
        var store = new State.S3StateStore(direct, bucket, Prefix);

        Assert.True(store.TryCreate("unguarded.json", "first"u8));

        // If this starts returning false, s3rver enforces conditional writes itself and the fake can go.
        Assert.True(store.TryCreate("unguarded.json", "second"u8));
    }

    [Fact]
    public async Task Of_twenty_racing_creators_of_one_key_exactly_one_wins_and_its_content_is_stored()
    {
        var winners = new int[20];
        using var start = new ManualResetEventSlim();
        var racers = Enumerable.Range(0, winners.Length).Select(i => Task.Factory.StartNew(
            () =>
            {
                start.Wait();
                winners[i] = Store.TryCreate("locks/race.json", Encoding.UTF8.GetBytes($"writer {i}")) ? 1 : 0;
            },
            TaskCreationOptions.LongRunning)).ToArray();
        start.Set();
        await Task.WhenAll(racers);

        Assert.Equal(1, winners.Sum());
        Assert.Equal($"writer {Array.IndexOf(winners, 1)}", Encoding.UTF8.GetString(Store.Read("locks/race.json")!));
        Assert.Equal(20, conditionalWrites.ConditionalPuts);
    }

    [Fact]
    public void A_deploy_lock_held_in_the_bucket_refuses_a_second_holder()
    {
        new DeployLock(Store).Acquire("staging", "deploy", "alice@desk-7", TimeSpan.FromMinutes(5), breakExisting: false);

        var refused = Assert.Throws<DeployLockedException>(() =>
            new DeployLock(Store).Acquire("staging", "rollback", "bob@desk-9", TimeSpan.FromMinutes(5), breakExisting: false));

        Assert.Equal("alice@desk-7", refused.Holder.User);
        Assert.Contains("staging is locked: deploy by alice@desk-7", refused.Message);
    }

    [Fact]
    public void Listing_is_ordinal_by_prefix_and_relative_to_the_store()
    {
        Store.Write("audit/00000002.json", "b"u8);
        Store.Write("audit/00000001.json", "a"u8);
        Store.Write("audit/Z.json", "z"u8);
        Store.Write("backups/x/manifest.json", "c"u8);
        new State.S3StateStore(client, bucket, "environments/production").Write("audit/00000009.json", "other"u8);

        Assert.Equal(["audit/00000001.json", "audit/00000002.json", "audit/Z.json"], Store.List("audit/"));
        Assert.Equal(["audit/00000001.json", "audit/00000002.json", "audit/Z.json", "backups/x/manifest.json"], Store.List(""));
    }

    [Fact]
    public async Task More_than_a_thousand_keys_are_listed_across_pages()
    {
        // Seeded straight into s3rver: only the listing is under test, and 1,005 PUTs through the proxy are slow.
        using var direct = server.CreateClient();
        await Parallel.ForAsync(0, 1005, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, token) =>
            await direct.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = $"{Prefix}/many/{i:00000}.json", ContentBody = "x", UseChunkEncoding = false }, token));

        var listed = Store.List("many/");

        Assert.Equal(Enumerable.Range(0, 1005).Select(i => $"many/{i:00000}.json"), listed);
    }

    [Fact]
    public void A_file_uploaded_downloads_byte_for_byte()
    {
        var original = Path.Combine(scratch, "release.zip");
        var content = new byte[300_000];
        new Random(7).NextBytes(content);
        File.WriteAllBytes(original, content);

        Store.Upload("releases/1.2.3/release.zip", original);
        var copy = Path.Combine(scratch, "out", "copy.zip");

        Assert.True(Store.Download("releases/1.2.3/release.zip", copy));
        Assert.Equal(content, File.ReadAllBytes(copy));
        Assert.Equal([copy], Directory.GetFiles(Path.GetDirectoryName(copy)!));
    }

    [Fact]
    public void Downloading_a_missing_object_returns_false_and_writes_nothing()
    {
        var target = Path.Combine(scratch, "missing.zip");

        Assert.False(Store.Download("releases/none.zip", target));
        Assert.Empty(Directory.GetFiles(scratch));
    }

    [Fact]
    public void A_deleted_object_is_gone_and_deleting_a_missing_one_is_fine()
    {
        Store.Write("locks/deploy.json", "x"u8);

        Store.Delete("locks/deploy.json");
        Store.Delete("locks/deploy.json");

        Assert.Null(Store.Read("locks/deploy.json"));
        Assert.Empty(Store.List("locks/"));
    }

    [Theory]
    [InlineData("../outside.json")]
    [InlineData("/etc/passwd")]
    [InlineData("a//b")]
    public void A_key_that_would_leave_the_prefix_is_refused(string key) =>
        Assert.Throws<ArgumentException>(() => Store.Read(key));

    [Fact]
    public void A_bucket_that_refuses_writes_gives_an_error_naming_bucket_and_key()
    {
        proxy.Interceptor = request => Task.FromResult(request.Method == "PUT" ? InterceptedAnswer.S3Error(403, "AccessDenied", "Access Denied") : null);

        var refused = Assert.Throws<S3StateStoreException>(() => Store.Write("history/1.json", "x"u8));

        Assert.Equal(bucket, refused.Bucket);
        Assert.Equal($"{Prefix}/history/1.json", refused.ObjectKey);
        Assert.Contains($"bucket {bucket}, key {Prefix}/history/1.json", refused.Message);
        Assert.Contains("403 AccessDenied", refused.Message);
        Assert.Contains("s3:PutObject", refused.Message);
        Assert.DoesNotContain(S3rverServer.SecretKey + "/", refused.Message);
    }

    [Fact]
    public void A_slow_down_answer_is_retried()
    {
        var slowDowns = 0;
        proxy.Interceptor = request => Task.FromResult(request.Method == "PUT" && Interlocked.Increment(ref slowDowns) <= 2
            ? InterceptedAnswer.S3Error(503, "SlowDown", "Please reduce your request rate.")
            : null);

        Store.Write("history/1.json", "x"u8);

        Assert.Equal("x", Encoding.UTF8.GetString(Store.Read("history/1.json")!));
        Assert.Equal(3, slowDowns);
    }

    [Fact]
    public void A_missing_bucket_is_named_with_what_to_do()
    {
        var refused = Assert.Throws<S3StateStoreException>(() => new State.S3StateStore(client, "no-such-bucket-here", Prefix).Write("a.json", "x"u8));

        Assert.Contains("NoSuchBucket", refused.Message);
        Assert.Contains("Bucket no-such-bucket-here does not exist", refused.Message);
    }

    [Theory]
    [InlineData("s3://state-bucket", "state-bucket", "")]
    [InlineData("s3://state-bucket/", "state-bucket", "")]
    [InlineData("s3://state-bucket/environments/staging/", "state-bucket", "environments/staging/")]
    public void A_location_parses_into_bucket_and_prefix(string location, string expectedBucket, string expectedPrefix)
    {
        var parsed = S3StateLocation.Parse(location);

        Assert.Equal((expectedBucket, expectedPrefix), (parsed.Bucket, parsed.Prefix));
    }

    [Fact]
    public void A_location_that_is_not_s3_is_refused_naming_it() =>
        Assert.Contains("\"/var/state\" is not an S3 state store location", Assert.Throws<FormatException>(() => S3StateLocation.Parse("/var/state")).Message);

    public void Dispose()
    {
        client.Dispose();
        proxy.Dispose();
        conditionalWrites.Dispose();
        Directory.Delete(scratch, recursive: true);
    }
}
