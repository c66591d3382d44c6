using System.Collections.Concurrent;
using Pipeline.Core.Secrets;
using Pipeline.Core.State;

namespace Pipeline.Core.Audit;

/// <summary>
/// An append-only, hash-chained record of who did what to an environment, kept in its state store. Each record
/// carries the hash of the one before, and audit/head.json names the newest, so an edited, removed, reordered or
/// truncated record is found by <see cref="Verify()"/>. With an <see cref="AuditKey"/>, every record and the head are
/// also sealed (HMAC-SHA256) and the head is copied to an <see cref="AuditAnchorFile"/> outside the store, so a
/// re-sealed edit, a cut tail with a rewritten head, or a deleted journal is found too. Several writers may append
/// to the same store at once; a writer that loses a sequence number to another chains onto the other's record.
/// </summary>
public sealed class AuditJournal
{
    // Between processes, TryCreate alone decides who gets a sequence number. Within one process, appends to one
    // location also take turns: LocalStateStore.TryCreate moves without overwrite, which on Unix checks and then
    // renames, so two racing creators can both succeed and one record silently replaces the other.
    private static readonly ConcurrentDictionary<string, Lock> Writers = new(StringComparer.Ordinal);

    private readonly IStateStore store;
    private readonly SecretMasker masker;
    private readonly AuditKey? key;
    private readonly AuditAnchorFile? anchorFile;
    private readonly TimeProvider clock;

    /// <summary>
    /// The journal in <paramref name="store"/>, sealed with the key of <see cref="AuditKey.FromDefaultSources"/> when one is
    /// set, and anchored in <see cref="AuditAnchorFile.DefaultDirectory"/> when a key is set or PIPELINE_AUDIT_ANCHORS names a directory.
    /// </summary>
    public AuditJournal(IStateStore store, SecretMasker masker, TimeProvider? clock = null)
        : this(store, masker, Defaults(store, masker), clock)
    {
    }

    /// <summary>The journal in <paramref name="store"/>, sealed with <paramref name="key"/> and anchored in <paramref name="anchorFile"/> (either may be null).</summary>
    public AuditJournal(IStateStore store, SecretMasker masker, AuditKey? key, AuditAnchorFile? anchorFile, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(masker);
        this.store = store;
        this.masker = masker;
        this.key = key;
        this.anchorFile = anchorFile;
        this.clock = clock ?? TimeProvider.System;
    }

    private AuditJournal(IStateStore store, SecretMasker masker, (AuditKey? Key, AuditAnchorFile? Anchor) defaults, TimeProvider? clock)
        : this(store, masker, defaults.Key, defaults.Anchor, clock)
    {
    }

    /// <summary>Masks every secret out of <paramref name="who"/> and <paramref name="what"/>, seals them as the next record and stores it.</summary>
    public AuditRecord Append(AuditActor who, AuditEntry what)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(what);
        var maskedWho = who.Masked(masker);
        var maskedWhat = what.Masked(masker);
        lock (Writers.GetOrAdd(store.Location, _ => new Lock()))
        {
            return AppendInTurn(maskedWho, maskedWhat);
        }
    }

    /// <summary>Every record, in sequence order; throws, naming the object, when one cannot be read.</summary>
    public IReadOnlyList<AuditRecord> ReadAll() =>
        [.. AuditKeys.In(store).Records.Select(r => AuditJson.Parse<AuditRecord>(r.Key, store.Read(r.Key)))];

    /// <summary>
    /// The journal's head as it stands: the newest record's sequence, hash and seal, for callers to publish (in a
    /// notice, a deploy record) so that a later <see cref="Verify(IEnumerable{AuditAnchor})"/> can prove nothing up to
    /// it was cut or rewritten. Null for an empty journal.
    /// </summary>
    public AuditAnchor? Head() =>
        store.Read(AuditKeys.Head) is { } content ? ToAnchor(AuditJson.Parse<AuditHead>(AuditKeys.Head, content)) : null;

    /// <summary>Checks the chain, its seals when a key is set, and the journal against its anchor file.</summary>
    public AuditVerification Verify() => Verify([]);

    /// <summary>
    /// As <see cref="Verify()"/>, and also against heads published earlier (e.g. the one in the last deploy notice):
    /// the journal must still hold each published record with the published hash.
    /// </summary>
    public AuditVerification Verify(IEnumerable<AuditAnchor> published)
    {
        ArgumentNullException.ThrowIfNull(published);
        var chain = AuditChainVerifier.Verify(store);
        var anchors = new List<(string Source, AuditAnchor Anchor)>();
        var problems = new List<string>(chain.Problems);
        if (anchorFile is not null)
        {
            try
            {
                if (anchorFile.Read() is { } kept)
                {
                    anchors.Add(($"the anchor {anchorFile.Path}", kept));
                }
            }
            catch (InvalidDataException ex)
            {
                problems.Add(ex.Message);
            }
        }

        anchors.AddRange(published.Select(p => ("the published head", p)));
        problems.AddRange(AuditSealVerifier.Check(store, key, anchors));
        var anchored = key is not null && anchorFile is not null;
        return new AuditVerification(chain.Records, problems, anchored, Describe(anchored));
    }

    private string Describe(bool anchored) =>
        anchored
            ? $"anchored: records and head sealed with the audit key from {key!.Source}; the head is also kept in {anchorFile!.Path}"
            : key is null
                ? $"unanchored: no audit key is set ({AuditKey.Where}), so the chain shows damage and naive edits only; "
                    + "records removed from the end with head.json rewritten, an edit re-chained, or audit/ deleted would not be found"
                : $"sealed but unanchored: no anchor directory, so a deleted journal would not be found (set {AuditAnchorFile.DirectoryVariable})";

    private static (AuditKey? Key, AuditAnchorFile? Anchor) Defaults(IStateStore store, SecretMasker masker)
    {
        ArgumentNullException.ThrowIfNull(store);
        var key = AuditKey.FromDefaultSources(masker);
        var configured = Environment.GetEnvironmentVariable(AuditAnchorFile.DirectoryVariable) is { Length: > 0 };
        return (key, key is not null || configured ? new AuditAnchorFile(AuditAnchorFile.DefaultDirectory, store.Location) : null);
    }

    private static AuditAnchor ToAnchor(AuditHead head) => new(head.Sequence, head.Hash, head.Mac);

    private AuditRecord AppendInTurn(AuditActor who, AuditEntry what)
    {
        var (sequence, previousHash) = NextPosition();
        while (true)
        {
            var record = Seal(sequence, who, what, previousHash);
            var key = AuditKeys.Record(sequence);
            if (store.TryCreate(key, AuditJson.Serialize(record)))
            {
                AdvanceHead(record);
                return record;
            }

            // Another writer took this sequence: chain onto the record it wrote, never beside it.
            (sequence, previousHash) = store.Read(key) is { } winner
                ? (sequence + 1, AuditJson.Parse<AuditRecord>(key, winner).Hash)
                : NextPosition();
        }
    }

    private AuditRecord Seal(long sequence, AuditActor who, AuditEntry what, string previousHash)
    {
        var unsealed = new AuditRecord(sequence, clock.GetUtcNow(), who, what, previousHash, Hash: "");
        var hash = AuditHash.Compute(unsealed);
        return unsealed with { Hash = hash, Mac = key?.Seal(AuditSealVerifier.RecordSeal, sequence, hash) };
    }

    private (long Sequence, string PreviousHash) NextPosition()
    {
        var records = AuditKeys.In(store).Records;
        var newest = records.Count == 0 ? 0 : records[^1].Sequence;
        var head = store.Read(AuditKeys.Head) is { } content ? AuditJson.Parse<AuditHead>(AuditKeys.Head, content) : null;

        // A head beyond the newest record means records were removed from the end (or were written after the list
        // was taken); continuing from the head keeps such a gap visible instead of reusing the removed numbers.
        if (head is not null && head.Sequence > newest)
        {
            return (head.Sequence + 1, head.Hash);
        }

        if (newest == 0)
        {
            return (1, AuditHash.Genesis);
        }

        var key = AuditKeys.Record(newest);
        return (newest + 1, AuditJson.Parse<AuditRecord>(key, store.Read(key)).Hash);
    }

    // Concurrent writers can finish out of order and write an older head last. Whoever writes the head then moves it
    // on to any newer record, so once every append has returned the head names the newest record.
    private void AdvanceHead(AuditRecord record)
    {
        var current = record;
        while (true)
        {
            var head = new AuditHead(current.Sequence, current.Hash, key?.Seal(AuditSealVerifier.HeadSeal, current.Sequence, current.Hash));
            store.Write(AuditKeys.Head, AuditJson.Serialize(head));
            anchorFile?.Advance(ToAnchor(head));
            if (store.Read(AuditKeys.Record(current.Sequence + 1)) is not { } content
                || !AuditJson.TryParse<AuditRecord>(content, out var newer, out _))
            {
                return;
            }

            current = newer;
        }
    }
}
