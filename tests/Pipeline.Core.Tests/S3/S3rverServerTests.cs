using System.Text;
using Amazon.S3.Model;
using Pipeline.Core.Tests.Support;

namespace Pipeline.Core.Tests.S3;

public sealed class S3rverServerTests : IClassFixture<S3rverServer>
{
    private readonly S3rverServer server;

    public S3rverServerTests(S3rverServer server) => this.server = server;

    [Fact]
    public async Task An_object_put_without_chunk_encoding_reads_back_byte_for_byte()
    {
        var bucket = server.CreateBucket();
        using var client = server.CreateClient();

        await client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "a/b.txt", ContentBody = "hello", UseChunkEncoding = false });
        using var response = await client.GetObjectAsync(bucket, "a/b.txt");
        using var reader = new StreamReader(response.ResponseStream, Encoding.UTF8);

        Assert.Equal("hello", await reader.ReadToEndAsync());
    }

    [Fact]
    public async Task A_server_side_copy_between_keys_under_folders_copies_the_object()
    {
        // AWSSDK 4 sends the copy source as "bucket%2Fa%2Fb.txt"; the published s3rver 3.7.1 answered NoSuchBucket.
        var bucket = server.CreateBucket();
        using var client = server.CreateClient();
        await client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "releases/v1/a b.txt", ContentBody = "copied", UseChunkEncoding = false });

        await client.CopyObjectAsync(new CopyObjectRequest { SourceBucket = bucket, SourceKey = "releases/v1/a b.txt", DestinationBucket = bucket, DestinationKey = "live/a b.txt" });
        using var response = await client.GetObjectAsync(bucket, "live/a b.txt");
        using var reader = new StreamReader(response.ResponseStream, Encoding.UTF8);

        Assert.Equal("copied", await reader.ReadToEndAsync());
    }
}

public sealed class S3InterceptingProxyTests : IClassFixture<S3rverServer>
{
    private readonly S3rverServer server;

    public S3InterceptingProxyTests(S3rverServer server) => this.server = server;

    [Fact]
    public async Task Requests_let_through_reach_s3rver_with_valid_signatures_and_answers_replace_them()
    {
        var bucket = server.CreateBucket();
        using var proxy = new S3InterceptingProxy(server, request =>
            Task.FromResult(request.Path.EndsWith("/refused.txt", StringComparison.Ordinal) ? InterceptedAnswer.S3Error(403, "AccessDenied", "Access Denied") : null));
        using var client = Pipeline.Core.Aws.S3ClientFactory.Create(new Pipeline.Core.Aws.S3Endpoint("us-east-1", proxy.ServiceUrl, ForcePathStyle: true), S3rverServer.Credentials);

        await client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "passed.txt", ContentBody = "through", UseChunkEncoding = false });
        var refused = await Assert.ThrowsAsync<Amazon.S3.AmazonS3Exception>(() =>
            client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "refused.txt", ContentBody = "no", UseChunkEncoding = false }));
        using var direct = server.CreateClient();
        var listed = await direct.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });

        Assert.Equal("AccessDenied", refused.ErrorCode);
        Assert.Equal(["passed.txt"], listed.S3Objects.Select(o => o.Key));
    }
}
