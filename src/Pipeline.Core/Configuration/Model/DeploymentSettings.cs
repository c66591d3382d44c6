using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

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

    /// <summary>Prepare every target, then cut over a few at a time, each batch healthy before the next.</summary>
    Rolling,

    /// <summary>Cut over the canary targets first, widen their share at the router step by step while an analysis watches, then the rest one at a time.</summary>
    Canary,

    /// <summary>Start the new version on the idle colour (blue or green) of every host, check it on its own address, then move all traffic to it at the router in one step; the old colour stays warm for a rollback.</summary>
    BlueGreen,
}

public enum TargetKind
{
    Local,
    Ssh,
    S3,
    Container,
}

/// <summary>Which target kinds run the app (the rest publish the web front end).</summary>
public static class TargetKinds
{
    public static bool IsApplication(TargetKind kind) => kind is TargetKind.Local or TargetKind.Ssh or TargetKind.Container;
}

public sealed record DeploymentSettings
{
    [Description("Where artifacts are kept.")]
    public required StoreSettings ArtifactStore { get; init; }

    [Description("Where releases, backups, history, the audit journal and the deploy lock are kept.")]
    public required StoreSettings StateStore { get; init; }

    [Description("Where the app (kind local, ssh or container) and the web front end (kind s3) are deployed; sqlite allows exactly one local or container target, production needs at least two application targets.")]
    public required IReadOnlyList<DeploymentTarget> Targets { get; init; }

    [Description("How the application targets are moved to a new version.")]
    public StrategySettings Strategy { get; init; } = new();

    [Description("The load balancer in front of the application targets; with one, a rolling deploy drains each target there before its restart and admits it once healthy.")]
    public RouterSettings? Router { get; init; }

    [Description("How a switched target is checked before the deploy goes on; a failed check switches back.")]
    public required HealthCheckSettings HealthCheck { get; init; }

    [Description("How many releases and backups are kept.")]
    public required RetentionSettings Retention { get; init; }

    [Description("A deploy or rollback does nothing without an explicit approval: --approve, or the environment's name typed at a prompt (required in production).")]
    public bool RequireApproval { get; init; }

    [Description("The environment whose successful deploys a version must have before it may deploy here, e.g. \"staging\" for production; matched by the artifact's sha256.")]
    public string? PromoteFrom { get; init; }

    [Description("The app's container image made by the Image target: registry, repository, source and the scan's failing severity.")]
    public ImageSettings? Image { get; init; }
}

public sealed record StrategySettings
{
    [Description("allAtOnce: prepare every target, then switch every target. rolling: prepare every target, then switch batchSize (or maxUnavailable) targets at a time, each batch healthy before the next. canary (needs a router): switch canaryTargets first, give them each step's weight while the analysis watches, then switch the rest one at a time. blueGreen (needs a router): start the new version on the idle colour's targets, check them, then move all traffic to them at the router in one step.")]
    public StrategyKind Kind { get; init; } = StrategyKind.AllAtOnce;

    [Description("Rolling only: how many targets are switched together, at least 1.")]
    [Range(1, int.MaxValue)]
    public int? BatchSize { get; init; }

    [Description("Rolling only: how many targets may be out of service at once, at least 1 (the same as batchSize with batches switched one after the other).")]
    [Range(1, int.MaxValue)]
    public int? MaxUnavailable { get; init; }

    [Description("Canary only: how many application targets (the first in the list) get the new version first, at least 1 (default 1).")]
    public int? CanaryTargets { get; init; }

    [Description("Canary only: the traffic steps, each a weight (percent, rising) and a pause during which the analysis runs.")]
    public IReadOnlyList<CanaryStep>? Steps { get; init; }

    [Description("Canary only: how the canary is judged at every step.")]
    public AnalysisSettings? Analysis { get; init; }

    [Description("BlueGreen only: the application targets of the blue colour, one slot per host (a host's two slots are two targets on it with their own path and url port).")]
    public IReadOnlyList<string>? Blue { get; init; }

    [Description("BlueGreen only: the application targets of the green colour, as many as blue, none of them blue.")]
    public IReadOnlyList<string>? Green { get; init; }

    [Description("BlueGreen only: how long the colour a deploy moved traffic away from stays running for Rollback --component=application to be a switch at the router, as a duration (\"90s\", \"15m\", \"1h\"; default \"15m\").")]
    public string? KeepPreviousFor { get; init; }

    /// <summary>The targets a rolling batch holds: batchSize, else maxUnavailable, else one.</summary>
    [Description("Shown by ConfigShow, never read from the file: the batch size in force (batchSize, else maxUnavailable, else 1).")]
    public int RollingBatchSize => BatchSize ?? MaxUnavailable ?? 1;
}

public sealed record StoreSettings
{
    [Description("local (a directory, with path) or s3 (a bucket, with bucket, prefix, region and optional endpoint).")]
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
    [ValueFormat(ValueFormat.HttpUrl)]
    public string? Endpoint { get; init; }

    [Description("S3 only: path-style addressing (bucket in the path), which most S3-compatible stores need.")]
    public bool ForcePathStyle { get; init; }
}

public sealed record DeploymentTarget
{
    [Description("The target's name, unique in the environment; used in logs, records and --component.")]
    public required string Name { get; init; }

    [Description("local (a release directory and process on this machine), ssh (the same on a host over SSH), container (the app's image, pulled by the digest the Image target pushed, run by this machine's Docker engine, or a host's reached over SSH when host is given, behind a front door) or s3 (the web front end in a bucket, with site).")]
    public required TargetKind Kind { get; init; }

    [Description("Ssh, and container on a host reached over SSH: the host name or address sshd listens on.")]
    [ValueFormat(ValueFormat.Host)]
    public string? Host { get; init; }

    [Description("Ssh, and container on a host reached over SSH: the port sshd listens on, 1-65535 (default 22).")]
    [Range(1, 65535)]
    public int Port { get; init; } = 22;

    [Description("Ssh, and container on a host reached over SSH: the user the pipeline logs in as; it owns path.")]
    public string? User { get; init; }

    [Description("Ssh, and container on a host reached over SSH: a secret reference to the private key (OpenSSH or PEM text) the user logs in with.")]
    public SecretReference? Identity { get; init; }

    [Description("Ssh, and container on a host reached over SSH: the host's pinned public key (\"ssh-ed25519 AAAA...\", as in known_hosts or the host's .pub file) or its SHA256 fingerprint (\"SHA256:...\", as ssh-keygen -lf prints it); any other key is refused.")]
    public string? HostKey { get; init; }

    [Description("Ssh and container: the base URL the app listens on and answers its health check and /version at, e.g. http://10.0.0.12:8080/; the target's front door owns this port.")]
    [ValueFormat(ValueFormat.HttpUrl)]
    public string? Url { get; init; }

    [Description("Container only: the Docker engine's unix socket on this machine, or on host when the target has one (reached over SSH), an absolute path (e.g. /var/run/docker.sock); the engine pulls the image from deployment.image.registry and runs it with the host's network.")]
    public string? Socket { get; init; }

    [Description("Ssh only: how the app is run on the host; \"supervisor\" (the default): the front door shipped in the release, run on the host from shared/frontdoor/bin: it owns the port, starts each release on a private port, checks it before traffic moves and restarts an app that dies. Systemd units are not supported: systemd is not running on the machines this pipeline is built and tested on (no systemd as PID 1), so starting, stopping and draining a unit could not be proven; any other value is refused.")]
    public string? Service { get; init; }

    [Description("Local, ssh and container: the directory that holds releases/, current and shared/ (for a container: each release's front door and the image it runs, the settings and the data directory mounted into the container).")]
    public string? Path { get; init; }

    [Description("S3 only: the bucket, CloudFront distribution and rules the web front end is published with.")]
    public SiteSettings? Site { get; init; }
}

public sealed record HealthCheckSettings
{
    [Description("The path checked on each target; it must answer 200.")]
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
    [Range(2, int.MaxValue)]
    public int Releases { get; init; } = 5;

    [Description("Backups kept, at least 1.")]
    [Range(1, int.MaxValue)]
    public int Backups { get; init; } = 10;

    [Description("Backups older than this many days are deleted even within the count (0: no age limit). A backup a recorded deploy needs for rollback is never deleted.")]
    public int BackupMaxAgeDays { get; init; }
}
