namespace Pipeline.Core.Configuration;

/// <summary>The manifest of one configuration backup: what it holds and the digest it must still have.</summary>
public sealed record ConfigBackup(
    string Id,
    string Environment,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    string Reason,
    string Sha256,
    long Bytes);
