namespace Pipeline.Core.Deployment;

public enum DeploymentKind
{
    Deploy,
    Rollback,
}

public enum DeploymentStatus
{
    Started,
    Succeeded,
    Failed,
    RolledBack,

    /// <summary>The run that started it ended without finishing it (killed, lost); closed by the next run.</summary>
    Interrupted,
}

/// <summary>
/// One deploy or rollback as recorded in the history. Rollback targets are chosen from these records
/// (the last successful ones), never from file dates or name order.
/// </summary>
public sealed record DeploymentRecord
{
    public const string Web = "web";

    public required string Id { get; init; }

    public required DeploymentKind Kind { get; init; }

    public required string Environment { get; init; }

    public required DeploymentStatus Status { get; init; }

    public string? FromVersion { get; init; }

    public string? ToVersion { get; init; }

    public IReadOnlyList<string> Components { get; init; } = [];

    public string? BackupId { get; init; }

    public IReadOnlyList<int> MigrationsApplied { get; init; } = [];

    /// <summary>When a restore replaced the database: the backup that keeps what it replaced.</summary>
    public string? SafetyBackupId { get; init; }

    /// <summary>For a rollback: the deployment it undid.</summary>
    public string? RollsBack { get; init; }

    /// <summary>A database rollback: where the rows written since the restored backup were saved (state store location and key).</summary>
    public string? ReconciliationFile { get; init; }

    /// <summary>A database rollback: how many rows that file holds.</summary>
    public int? ReconciledRows { get; init; }

    public required string Who { get; init; }

    public required DateTimeOffset Started { get; init; }

    public DateTimeOffset? Finished { get; init; }

    public string? Reason { get; init; }

    /// <summary>The strategy the application targets were moved with (allAtOnce, ...).</summary>
    public string? Strategy { get; init; }

    /// <summary>The sha256 of the artifact deployed: what promotion matches, whatever the version is called.</summary>
    public string? ArtifactSha256 { get; init; }

    /// <summary>The artifact's container image as the Image target pushed it (registry/repository@sha256:...), when it did.</summary>
    public string? Image { get; init; }

    /// <summary>A canary's gate: every measurement it took (metric, query, value, condition, verdict).</summary>
    public IReadOnlyList<Pipeline.Core.Analysis.Measurement>? Analysis { get; init; }

    /// <summary>Blue/green: the colour that serves once this run succeeded (blue or green).</summary>
    public string? LiveColour { get; init; }

    /// <summary>Blue/green: the colour traffic moved away from, left running with the version it served.</summary>
    public string? WarmColour { get; init; }

    /// <summary>Blue/green: until when <see cref="WarmColour"/> is kept running, so a rollback is a switch at the router.</summary>
    public DateTimeOffset? WarmUntil { get; init; }

    /// <summary>What each application target went through.</summary>
    public IReadOnlyList<TargetOutcome> Targets { get; init; } = [];

    /// <summary>The audit journal's head once this record's outcome was appended: published here, outside the journal.</summary>
    public string? AuditHead { get; init; }

    /// <summary>Who approved it, when the environment requires approval.</summary>
    public Approval? Approval { get; init; }

    /// <summary>A rollback of the web front end alone; it says nothing about the application's version.</summary>
    public bool IsSiteOnly => Components is [Web];
}

/// <summary>One target's part in a deploy or rollback.</summary>
public sealed record TargetOutcome(string Target, string? From, string? To, string Status, string? Detail = null);
