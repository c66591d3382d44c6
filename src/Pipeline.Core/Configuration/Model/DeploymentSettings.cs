using System.ComponentModel;

namespace Pipeline.Core.Configuration.Model;

public enum StoreKind
{
    Local,
    S3,
}

/// <summary>How a deploy moves the application targets to a new version.</summary>
public enum StrategyKind
{
    /// <summary>Prepare every target, then cut every target over; a failure puts every moved target back.</summary>
    AllAtOnce,
}

public enum TargetKind
{
    Local,
    Ssh,
    S3,
}

public sealed record DeploymentSettings
{
    [Description("Where artifacts are kept.")]
    public required StoreSettings ArtifactStore { get; init; }

    [Description("Where releases, backups, history, the audit journal and the deploy lock are kept.")]
    public required StoreSettings StateStore { get; init; }

    public required IReadOnlyList<DeploymentTarget> Targets { get; init; }

    [Description("How the application targets are moved to a new version.")]
    public StrategySettings Strategy { get; init; } = new();

    public required HealthCheckSettings HealthCheck { get; init; }

    public required RetentionSettings Retention { get; init; }

    [Description("A deploy or rollback does nothing without an explicit approval: --approve, or the environment's name typed at a prompt (required in production).")]
    public bool RequireApproval { get; init; }

    [Description("The environment whose successful deploys a version must have before it may deploy here, e.g. \"staging\" for production; matched by the artifact's sha256.")]
    public string? PromoteFrom { get; init; }
}

public sealed record StrategySettings
{
    [Description("allAtOnce: prepare every target, then switch every target.")]
    public StrategyKind Kind { get; init; } = StrategyKind.AllAtOnce;
}

public sealed record StoreSettings
{
    public required StoreKind Kind { get; init; }

    [Description("Local only: a directory, relative to the repository root.")]
    public string? Path { get; init; }

    [Description("S3 only: the bucket.")]
    public string? Bucket { get; init; }

    [Description("S3 only: a key prefix.")]
    public string? Prefix { get; init; }

    [Description("S3 only: the AWS region.")]
    public string? Region { get; init; }

    [Description("S3 only: an S3-compatible endpoint URL instead of AWS (MinIO, Ceph, a test server).")]
    public string? Endpoint { get; init; }

    [Description("S3 only: path-style addressing (bucket in the path), which most S3-compatible stores need.")]
    public bool ForcePathStyle { get; init; }
}

public sealed record DeploymentTarget
{
    public required string Name { get; init; }

    public required TargetKind Kind { get; init; }

    [Description("Ssh only: the host name.")]
    public string? Host { get; init; }

    [Description("Local and ssh: the directory that holds releases/ and current.")]
    public string? Path { get; init; }

    [Description("S3 only: the bucket, CloudFront distribution and rules the web front end is published with.")]
    public SiteSettings? Site { get; init; }
}

public sealed record HealthCheckSettings
{
    public string Path { get; init; } = "/health";

    [Description("Attempts before the check fails, 1-100.")]
    public int Retries { get; init; } = 10;

    [Description("Seconds between attempts.")]
    public int IntervalSeconds { get; init; } = 1;

    [Description("Overall deadline in seconds.")]
    public int TimeoutSeconds { get; init; } = 60;
}

public sealed record RetentionSettings
{
    [Description("Releases kept per target, at least 2.")]
    public int Releases { get; init; } = 5;

    [Description("Backups kept, at least 1.")]
    public int Backups { get; init; } = 10;

    [Description("Backups older than this many days are deleted even within the count (0: no age limit). A backup a recorded deploy needs for rollback is never deleted.")]
    public int BackupMaxAgeDays { get; init; }
}
