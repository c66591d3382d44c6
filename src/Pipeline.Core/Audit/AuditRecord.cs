namespace Pipeline.Core.Audit;

/// <summary>
/// One journal entry as stored: its place in the chain, when, who, what, the hashes that link it, and its seal
/// (<see cref="Mac"/>: HMAC-SHA256 of its sequence and hash with the audit key; null when no key was configured).
/// </summary>
public sealed record AuditRecord(long Sequence, DateTimeOffset Timestamp, AuditActor Who, AuditEntry What, string PreviousHash, string Hash, string? Mac = null);
