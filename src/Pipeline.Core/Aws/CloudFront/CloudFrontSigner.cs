using System.Globalization;
using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;

namespace Pipeline.Core.Aws.CloudFront;

/// <summary>
/// Signs a CloudFront REST request with AWS Signature Version 4. The canonical request is built here; the SDK's
/// signer turns it into the string to sign, derives the signing key and computes the signature.
/// </summary>
internal static class CloudFrontSigner
{
    public const string Service = "cloudfront";

    // CloudFront is a global service; its API is signed for us-east-1 whatever the caller's region.
    public const string Region = "us-east-1";

    public static void Sign(HttpRequestMessage request, byte[] body, ImmutableCredentials credentials, DateTimeOffset now)
    {
        var uri = request.RequestUri ?? throw new ArgumentException("The request has no URI.", nameof(request));
        if (uri.Query.Length > 0)
        {
            throw new ArgumentException($"{uri}: query strings are not signed here; CloudFront invalidation requests have none.", nameof(request));
        }

        var signedAt = now.UtcDateTime;
        var amzDate = signedAt.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var payloadHash = Convert.ToHexStringLower(SHA256.HashData(body));
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = uri.Authority,
            ["x-amz-content-sha256"] = payloadHash,
            ["x-amz-date"] = amzDate,
        };
        if (credentials.UseToken)
        {
            headers["x-amz-security-token"] = credentials.Token;
        }

        var signedHeaders = string.Join(';', headers.Keys);

        // The path holds only the API version, "distribution", "invalidation" and alphanumeric ids (checked by the
        // client), so its URI-encoded form, once or twice, is the path itself.
        var canonicalRequest = string.Join(
            '\n',
            request.Method.Method,
            uri.AbsolutePath,
            string.Empty,
            string.Concat(headers.Select(h => $"{h.Key}:{h.Value}\n")),
            signedHeaders,
            payloadHash);
        var signature = AWS4Signer.ComputeSignature(credentials, Region, signedAt, Service, signedHeaders, canonicalRequest);

        foreach (var (name, value) in headers.Where(h => h.Key != "host"))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        request.Headers.TryAddWithoutValidation("Authorization", signature.ForAuthorizationHeader);
    }
}
