namespace Pipeline.Core.Web;

/// <summary>
/// Where and how a static site is published. <paramref name="Prefix"/> is the key prefix of the site in the bucket
/// ("" for the bucket root); releases live under Prefix + "releases/". Files larger than
/// <paramref name="MultipartThreshold"/> are uploaded in parts of that size, which the release manifest records.
/// </summary>
public sealed record SitePublishOptions(
    string Bucket,
    string Prefix,
    int Parallelism,
    int Attempts,
    TimeSpan RetryBaseDelay,
    long MultipartThreshold,
    IReadOnlyList<CacheRule> CacheRules,
    IReadOnlyDictionary<string, string> ContentTypes)
{
    public const int DefaultParallelism = 8;
    public const int DefaultAttempts = 5;
    public const long DefaultMultipartThreshold = 16L * 1024 * 1024;

    /// <summary>S3 refuses parts smaller than this (except the last), so the threshold, which is also the part size, may not be lower.</summary>
    public const long MinimumMultipartThreshold = 5L * 1024 * 1024;

    public static readonly TimeSpan DefaultRetryBaseDelay = TimeSpan.FromMilliseconds(200);

    public static SitePublishOptions Default(string bucket, string prefix = "") =>
        new(bucket, prefix, DefaultParallelism, DefaultAttempts, DefaultRetryBaseDelay, DefaultMultipartThreshold, [], new Dictionary<string, string>());

    /// <summary>The prefix as used in keys: empty, or ending in exactly one '/'.</summary>
    public string KeyPrefix => Prefix.Trim('/') is { Length: > 0 } trimmed ? trimmed + "/" : "";

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Bucket))
        {
            throw new ArgumentException("The site bucket is empty; expected an S3 bucket name.", nameof(Bucket));
        }

        if (Parallelism < 1)
        {
            throw new ArgumentException($"Site publish parallelism is {Parallelism}; expected 1 or more.", nameof(Parallelism));
        }

        if (Attempts < 1)
        {
            throw new ArgumentException($"Site publish attempts is {Attempts}; expected 1 or more.", nameof(Attempts));
        }

        if (RetryBaseDelay < TimeSpan.Zero)
        {
            throw new ArgumentException($"Site publish retry base delay is {RetryBaseDelay}; expected zero or more.", nameof(RetryBaseDelay));
        }

        if (MultipartThreshold < MinimumMultipartThreshold)
        {
            throw new ArgumentException(
                $"Site publish multipart threshold is {MultipartThreshold} bytes; expected at least {MinimumMultipartThreshold} (5 MiB, the smallest part S3 accepts).",
                nameof(MultipartThreshold));
        }
    }
}

/// <summary>A Cache-Control value for the site files whose path matches <paramref name="Pattern"/> (see <see cref="GlobPattern"/>).</summary>
public sealed record CacheRule(string Pattern, string Value);
