namespace Pipeline.Core.Audit;

/// <summary>
/// The newest record's sequence and hash, kept apart from the records so that removing the newest ones shows;
/// sealed with the audit key (<see cref="Mac"/>) so that it cannot be rewritten to hide them.
/// </summary>
internal sealed record AuditHead(long Sequence, string Hash, string? Mac = null);
