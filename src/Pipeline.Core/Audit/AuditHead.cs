namespace Pipeline.Core.Audit;

/// <summary>The newest record's sequence and hash, kept apart from the records so that removing the newest ones shows.</summary>
internal sealed record AuditHead(long Sequence, string Hash);
