namespace Pipeline.Core.Audit;

/// <summary>
/// A journal's head as seen at one moment: the newest record's sequence and hash, and its seal (HMAC-SHA256 with
/// the audit key; null when no key was configured). Published in notifications and deploy records, and kept in
/// an anchor file outside the state store, it lets a later check prove that the journal still holds that
/// record: a cut tail, a re-chained edit or a deleted journal then shows.
/// </summary>
public sealed record AuditAnchor(long Sequence, string Hash, string? Mac)
{
    /// <summary>A short form for a notice or a log line, e.g. "audit head 42 sha256:3f9c2ab… hmac:1b2c3d…".</summary>
    public override string ToString() =>
        $"audit head {Sequence} sha256:{Hash}" + (Mac is null ? " (unsealed: no audit key)" : $" hmac:{Mac}");
}
