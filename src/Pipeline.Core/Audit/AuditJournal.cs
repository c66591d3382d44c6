using System.Collections.Concurrent;
using Pipeline.Core.Secrets;
using Pipeline.Core.State;

namespace Pipeline.Core.Audit;

/// <summary>
/// An append-only, hash-chained record of who did what to an environment, kept in its state store. Each record
/// carries the hash of the one before, and audit/head.json names the newest, so an edited, removed, reordered or
/// truncated record is found by <see cref="Verify"/>. Several writers may append to the same store at once; a writer
/// that loses a sequence number to another chains onto the other's record.
/// </summary>
public sealed class AuditJournal(IStateStore store, SecretMasker masker, TimeProvider? clock = null)
{
    // Between processes, TryCreate alone decides who gets a sequence number. Within one process, appends to one
    // location also take turns: LocalStateStore.TryCreate moves without overwrite, which on Unix checks and then
    // renames, so two racing creators can both succeed and one record silently replaces the other.
    private static readonly ConcurrentDictionary<string, Lock> Writers = new(StringComparer.Ordinal);

    private readonly TimeProvider clock = clock ?? TimeProvider.System;

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

    public AuditVerification Verify() => AuditChainVerifier.Verify(store);

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
        return unsealed with { Hash = AuditHash.Compute(unsealed) };
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
            store.Write(AuditKeys.Head, AuditJson.Serialize(new AuditHead(current.Sequence, current.Hash)));
            if (store.Read(AuditKeys.Record(current.Sequence + 1)) is not { } content
                || !AuditJson.TryParse<AuditRecord>(content, out var newer, out _))
            {
                return;
            }

            current = newer;
        }
    }
}
