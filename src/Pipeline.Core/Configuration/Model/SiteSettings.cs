using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Pipeline.Core.Configuration.Model;

/// <summary>Where and how the web front end is published: an S3 bucket, optionally behind CloudFront.</summary>
public sealed record SiteSettings
{
    [Description("The bucket the front end is published to.")]
    public required string Bucket { get; init; }

    [Description("A key prefix for everything the site keeps in the bucket (releases/ and the live site).")]
    public string Prefix { get; init; } = "";

    [Description("The bucket's AWS region.")]
    public string Region { get; init; } = "us-east-1";

    [Description("An S3-compatible endpoint URL instead of AWS.")]
    [ValueFormat(ValueFormat.HttpUrl)]
    public string? Endpoint { get; init; }

    [Description("Path-style addressing (bucket in the path), which most S3-compatible stores need.")]
    public bool ForcePathStyle { get; init; }

    [Description("The directory inside a release that holds the front end.")]
    public string Source { get; init; } = "wwwroot";

    [Description("Parallel transfers, 1-64.")]
    public int Parallelism { get; init; } = 8;

    [Description("Attempts per request when S3 throttles or fails with 5xx, 1-20.")]
    public int Attempts { get; init; } = 5;

    [Description("Files larger than this many MiB are uploaded in parts, 5-5120.")]
    public int MultipartThresholdMiB { get; init; } = 16;

    [Description("Cache-Control per file: the first rule whose glob matches the path wins; defaults apply after these.")]
    public IReadOnlyList<CacheControlRule> CacheControl { get; init; } = [];

    [Description("Content-Type per file extension (\".ext\": \"type\"), added to or replacing the built-in table.")]
    public IReadOnlyDictionary<string, string> ContentTypes { get; init; } = new Dictionary<string, string>();

    [Description("The CloudFront distribution in front of the bucket; without it nothing is invalidated.")]
    public CloudFrontSettings? CloudFront { get; init; }
}

public sealed record CacheControlRule
{
    [Description("A glob over the site path, e.g. \"*.html\" or \"assets/**\".")]
    public required string Match { get; init; }

    [Description("The Cache-Control header value, e.g. \"no-cache\".")]
    public required string Value { get; init; }
}

public sealed record CloudFrontSettings
{
    [Description("The CloudFront distribution in front of the bucket, whose changed paths are invalidated.")]
    public required string DistributionId { get; init; }

    [Description("A CloudFront-compatible endpoint URL instead of https://cloudfront.amazonaws.com.")]
    [ValueFormat(ValueFormat.HttpUrl)]
    public string? Endpoint { get; init; }

    [Description("Above this many changed paths, invalidate wildcards instead, 1-3000.")]
    [Range(1, 3000)]
    public int WildcardAbove { get; init; } = 25;

    [Description("Wait until CloudFront reports the invalidation completed.")]
    public bool Wait { get; init; }

    [Description("Seconds to wait for an invalidation to complete, or to be accepted while too many are in progress.")]
    public int TimeoutSeconds { get; init; } = 600;
}
