namespace Pipeline.Core.Audit;

/// <summary>One journal entry as stored: its place in the chain, when, who, what, and the hashes that link it.</summary>
public sealed record AuditRecord(long Sequence, DateTimeOffset Timestamp, AuditActor Who, AuditEntry What, string PreviousHash, string Hash);
