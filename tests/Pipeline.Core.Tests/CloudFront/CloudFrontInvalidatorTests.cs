using System.Diagnostics;
using Amazon.Runtime;
using Pipeline.Core.Aws.CloudFront;
using Pipeline.Core.Tests.Support;

namespace Pipeline.Core.Tests.CloudFront;

public sealed class CloudFrontInvalidatorTests : IDisposable
{
    private const string Distribution = "E2QWRUHAPOMQZL";

    private static readonly InvalidationOptions Fast = new()
    {
        RetryDelay = TimeSpan.FromMilliseconds(10),
        MaxRetryDelay = TimeSpan.FromMilliseconds(50),
        BusyRetryFor = TimeSpan.FromSeconds(10),
        PollInterval = TimeSpan.FromMilliseconds(20),
        WaitTimeout = TimeSpan.FromSeconds(10),
    };

    private readonly CloudFrontTestServer server = new();

    [Fact]
    public async Task The_changed_paths_are_sent_exactly_in_one_signed_batch()
    {
        using var client = new CloudFrontClient(server.Credentials, server.Endpoint);

        var result = await new CloudFrontInvalidator(client, Fast).InvalidateAsync(Distribution, ["index.html", "/assets/app v2.js"]);

        var sent = Assert.Single(server.Invalidations);
        Assert.Equal(Distribution, sent.DistributionId);
        Assert.Equal(["/assets/app%20v2.js", "/index.html"], sent.Paths);
        Assert.Contains("xmlns=\"http://cloudfront.amazonaws.com/doc/2020-05-31/\"", sent.BatchXml);
        Assert.Equal(sent.Id, result!.Invalidation.Id);
        Assert.Equal(Invalidation.InProgress, result.Invalidation.Status);
        Assert.False(result.Collapsed);
        Assert.Empty(server.Refusals);
    }

    [Fact]
    public async Task Above_the_threshold_the_batch_holds_wildcards_per_top_level_directory()
    {
        using var client = new CloudFrontClient(server.Credentials, server.Endpoint);
        var changed = Enumerable.Range(0, 30).Select(i => $"assets/{i}.js").Append("index.html");

        var result = await new CloudFrontInvalidator(client, Fast with { CollapseAbove = 20 }).InvalidateAsync(Distribution, changed);

        Assert.Equal(["/assets/*", "/index.html"], Assert.Single(server.Invalidations).Paths);
        Assert.True(result!.Collapsed);
        Assert.Equal(31, result.ChangedPaths);
    }

    [Fact]
    public async Task Session_credentials_are_sent_as_a_signed_security_token()
    {
        using var withToken = new CloudFrontTestServer(sessionToken: "FQoGZXIvYXdzEFAKEtoken");
        using var client = new CloudFrontClient(withToken.Credentials, withToken.Endpoint);

        await new CloudFrontInvalidator(client, Fast).InvalidateAsync(Distribution, ["/index.html"]);

        Assert.Single(withToken.Invalidations);
        Assert.Empty(withToken.Refusals);
    }

    [Fact]
    public async Task A_wrong_secret_key_is_rejected_naming_the_distribution_and_the_error_code_without_the_secret()
    {
        const string wrongSecret = "not-the-secret-the-server-knows";
        using var client = new CloudFrontClient(new BasicAWSCredentials(CloudFrontTestServer.DefaultAccessKey, wrongSecret), server.Endpoint);

        var refused = await Assert.ThrowsAsync<CloudFrontException>(() => new CloudFrontInvalidator(client, Fast).InvalidateAsync(Distribution, ["/index.html"]));

        Assert.Equal("SignatureDoesNotMatch", refused.ErrorCode);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, refused.Status);
        Assert.Contains(Distribution, refused.Message);
        Assert.Contains("SignatureDoesNotMatch", refused.Message);
        Assert.DoesNotContain(wrongSecret, refused.Message);
        Assert.Empty(server.Invalidations);
    }

    [Fact]
    public async Task A_missing_session_token_is_rejected()
    {
        using var withToken = new CloudFrontTestServer(sessionToken: "FQoGZXIvYXdzEFAKEtoken");
        using var client = new CloudFrontClient(new BasicAWSCredentials(CloudFrontTestServer.DefaultAccessKey, CloudFrontTestServer.DefaultSecretKey), withToken.Endpoint);

        var refused = await Assert.ThrowsAsync<CloudFrontException>(() => client.CreateInvalidationAsync(Distribution, ["/index.html"], "reference-1"));

        Assert.Equal("InvalidClientTokenId", refused.ErrorCode);
    }

    [Fact]
    public async Task TooManyInvalidationsInProgress_is_retried_with_the_same_caller_reference_until_it_succeeds()
    {
        server.AnswerTooManyInvalidationsInProgress(3);
        using var client = new CloudFrontClient(server.Credentials, server.Endpoint);

        var result = await new CloudFrontInvalidator(client, Fast).InvalidateAsync(Distribution, ["/index.html"]);

        Assert.Equal(4, server.CreateRequests);
        Assert.Equal(Enumerable.Repeat(CloudFrontException.TooManyInvalidationsInProgress, 3), server.Refusals);
        Assert.Equal(Assert.Single(server.Invalidations).Id, result!.Invalidation.Id);
    }

    [Fact]
    public async Task Busy_for_longer_than_allowed_fails_saying_for_how_long_it_retried()
    {
        server.AnswerTooManyInvalidationsInProgress(int.MaxValue);
        using var client = new CloudFrontClient(server.Credentials, server.Endpoint);

        var refused = await Assert.ThrowsAsync<CloudFrontException>(() =>
            new CloudFrontInvalidator(client, Fast with { BusyRetryFor = TimeSpan.FromSeconds(3) }).InvalidateAsync(Distribution, ["/index.html"]));

        Assert.True(refused.IsBusy);
        Assert.Contains("Still busy after retrying for 00:00:03", refused.Message);
        Assert.Contains(Distribution, refused.Message);
        Assert.True(server.CreateRequests > 1);
    }

    [Fact]
    public async Task Throttling_is_retried()
    {
        server.AnswerThrottling(2);
        using var client = new CloudFrontClient(server.Credentials, server.Endpoint);

        await new CloudFrontInvalidator(client, Fast).InvalidateAsync(Distribution, ["/index.html"]);

        Assert.Equal(["Throttling", "Throttling"], server.Refusals);
        Assert.Single(server.Invalidations);
    }

    [Fact]
    public async Task Waiting_polls_until_CloudFront_reports_Completed()
    {
        server.InProgressPolls = 3;
        using var client = new CloudFrontClient(server.Credentials, server.Endpoint);

        var result = await new CloudFrontInvalidator(client, Fast with { WaitForCompletion = true }).InvalidateAsync(Distribution, ["/index.html"]);

        Assert.Equal(Invalidation.Completed, result!.Invalidation.Status);
        Assert.Equal(4, server.GetRequests);
    }

    [Fact]
    public async Task A_wait_that_runs_out_says_it_timed_out_naming_the_distribution_and_the_invalidation()
    {
        server.InProgressPolls = int.MaxValue;
        using var client = new CloudFrontClient(server.Credentials, server.Endpoint);
        var options = Fast with { WaitForCompletion = true, PollInterval = TimeSpan.FromMilliseconds(50), WaitTimeout = TimeSpan.FromMilliseconds(400) };
        var stopwatch = Stopwatch.StartNew();

        var timedOut = await Assert.ThrowsAsync<InvalidationTimeoutException>(() => new CloudFrontInvalidator(client, options).InvalidateAsync(Distribution, ["/index.html"]));

        var id = Assert.Single(server.Invalidations).Id;
        Assert.StartsWith("Timed out", timedOut.Message);
        Assert.Contains($"invalidation {id} of distribution {Distribution} was still InProgress", timedOut.Message);
        Assert.Equal(id, timedOut.InvalidationId);
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Nothing_changed_sends_nothing()
    {
        using var client = new CloudFrontClient(server.Credentials, server.Endpoint);

        Assert.Null(await new CloudFrontInvalidator(client, Fast).InvalidateAsync(Distribution, []));
        Assert.Equal(0, server.CreateRequests);
    }

    [Fact]
    public async Task A_distribution_id_that_is_not_one_is_refused_before_sending()
    {
        using var client = new CloudFrontClient(server.Credentials, server.Endpoint);

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => client.GetInvalidationAsync("E1/../x", "I1"));

        Assert.Contains("\"E1/../x\" is not a CloudFront distribution id", refused.Message);
        Assert.Equal(0, server.GetRequests);
    }

    public void Dispose() => server.Dispose();
}
