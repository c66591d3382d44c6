using System.Text.RegularExpressions;
using Amazon.Runtime;

namespace Pipeline.Core.Aws.CloudFront;

/// <summary>
/// CloudFront's invalidation API over signed REST (the AWSSDK.CloudFront package is not available to us):
/// CreateInvalidation and GetInvalidation, API version 2020-05-31. No retries here; see <see cref="CloudFrontInvalidator"/>.
/// </summary>
public sealed partial class CloudFrontClient : IDisposable
{
    public static readonly Uri DefaultEndpoint = new("https://cloudfront.amazonaws.com/");

    private const string ApiVersion = "2020-05-31";

    private readonly AWSCredentials credentials;
    private readonly HttpClient http;
    private readonly TimeProvider clock;

    /// <summary>
    /// Credentials default to the standard AWS chain, the endpoint to CloudFront's global one. The client owns and
    /// disposes the handler; the clock gives the time requests are signed at.
    /// </summary>
    public CloudFrontClient(AWSCredentials? credentials = null, Uri? endpoint = null, HttpMessageHandler? handler = null, TimeProvider? clock = null)
    {
        this.credentials = credentials ?? AwsCredentialsChain.Resolve();
        Endpoint = endpoint ?? DefaultEndpoint;
        this.clock = clock ?? TimeProvider.System;
        http = new HttpClient(handler ?? new SocketsHttpHandler(), disposeHandler: true) { Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri Endpoint { get; }

    /// <summary>
    /// Starts an invalidation of <paramref name="paths"/> (already encoded, see <see cref="CloudFrontPath"/>). The caller
    /// reference is unique per invalidation; resending the same reference and paths returns the existing invalidation.
    /// </summary>
    public async Task<Invalidation> CreateInvalidationAsync(string distributionId, IReadOnlyCollection<string> paths, string callerReference, CancellationToken cancellationToken = default)
    {
        CheckId(distributionId, "distribution");
        ArgumentException.ThrowIfNullOrWhiteSpace(callerReference);
        if (paths.Count is 0 or > InvalidationPlanner.MaxPaths)
        {
            throw new ArgumentException(
                $"An invalidation of distribution {distributionId} has {paths.Count} paths; expected 1 to {InvalidationPlanner.MaxPaths}.", nameof(paths));
        }

        if (paths.FirstOrDefault(p => !p.StartsWith('/')) is { } relative)
        {
            throw new ArgumentException(
                $"The invalidation path \"{relative}\" for distribution {distributionId} does not start with '/'; CloudFront requires it.", nameof(paths));
        }

        var body = InvalidationXml.Batch(callerReference, paths);
        var answer = await SendAsync(HttpMethod.Post, $"distribution/{distributionId}/invalidation", body, distributionId, "CreateInvalidation", cancellationToken)
            .ConfigureAwait(false);
        return InvalidationXml.ParseInvalidation(answer, distributionId);
    }

    public async Task<Invalidation> GetInvalidationAsync(string distributionId, string invalidationId, CancellationToken cancellationToken = default)
    {
        CheckId(distributionId, "distribution");
        CheckId(invalidationId, "invalidation");
        var answer = await SendAsync(HttpMethod.Get, $"distribution/{distributionId}/invalidation/{invalidationId}", [], distributionId, "GetInvalidation", cancellationToken)
            .ConfigureAwait(false);
        return InvalidationXml.ParseInvalidation(answer, distributionId);
    }

    public void Dispose() => http.Dispose();

    private async Task<string> SendAsync(HttpMethod method, string resource, byte[] body, string distributionId, string action, CancellationToken cancellationToken)
    {
        var signing = await credentials.GetCredentialsAsync().ConfigureAwait(false);
        using var request = new HttpRequestMessage(method, new Uri(Endpoint, $"{ApiVersion}/{resource}"));
        if (method == HttpMethod.Post)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/xml");
        }

        CloudFrontSigner.Sign(request, body, signing, clock.GetUtcNow());
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return text;
        }

        var (code, message) = InvalidationXml.ParseError(text) ?? (response.StatusCode.ToString(), Shorten(text));
        throw new CloudFrontException(
            $"CloudFront refused {action} for distribution {distributionId} at {Endpoint}: {(int)response.StatusCode} {code}: {Sanitize(message, signing)}",
            distributionId,
            response.StatusCode,
            code);
    }

    // Some AWS error messages quote the canonical request, which carries the session token; the message goes to logs.
    private static string Sanitize(string message, ImmutableCredentials signing)
    {
        var firstLine = message.Split('\n', 2)[0].Trim();
        return signing.UseToken ? firstLine.Replace(signing.Token, "***", StringComparison.Ordinal) : firstLine;
    }

    private static string Shorten(string text)
    {
        var flat = text.ReplaceLineEndings(" ").Trim();
        return flat.Length <= 200 ? flat : flat[..200] + "…";
    }

    private static void CheckId(string id, string kind)
    {
        if (string.IsNullOrEmpty(id) || !IdPattern().IsMatch(id))
        {
            throw new ArgumentException($"\"{id}\" is not a CloudFront {kind} id; expected letters and digits, such as E2QWRUHAPOMQZL.", kind + "Id");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9]{1,128}$")]
    private static partial Regex IdPattern();
}
