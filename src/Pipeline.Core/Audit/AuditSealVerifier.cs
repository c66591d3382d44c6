using Pipeline.Core.State;

namespace Pipeline.Core.Audit;

/// <summary>
/// Checks what the hash chain alone cannot: the records' and the head's seals (HMAC-SHA256 with the audit key), and
/// that the journal still holds every head anchored outside it (the anchor file, heads published in notices).
/// </summary>
internal static class AuditSealVerifier
{
    public const string RecordSeal = "record";
    public const string HeadSeal = "head";

    private const int ShownHashLength = 12;

    public static IReadOnlyList<string> Check(IStateStore store, AuditKey? key, IReadOnlyList<(string Source, AuditAnchor Anchor)> anchors)
    {
        var problems = new List<string>();
        var records = ReadRecords(store);
        var head = store.Read(AuditKeys.Head) is { } content && AuditJson.TryParse<AuditHead>(content, out var parsed, out _) ? parsed : null;
        if (key is null)
        {
            var sealedCount = records.Values.Count(r => r.Mac is not null) + (head?.Mac is null ? 0 : 1);
            if (sealedCount > 0)
            {
                problems.Add($"{AuditKeys.Prefix}: the journal is sealed with an audit key, but none is set for this run ({AuditKey.Where}); its seals cannot be checked");
            }
        }
        else
        {
            CheckSeals(key, records, head, problems);
        }

        foreach (var (source, anchor) in anchors)
        {
            CheckAnchor(key, source, anchor, records, problems);
        }

        return problems;
    }

    private static SortedDictionary<long, AuditRecord> ReadRecords(IStateStore store)
    {
        var records = new SortedDictionary<long, AuditRecord>();
        foreach (var (sequence, key) in AuditKeys.In(store).Records)
        {
            // Unreadable or misplaced records are the chain verifier's to report.
            if (store.Read(key) is { } content && AuditJson.TryParse<AuditRecord>(content, out var record, out _) && record.Sequence == sequence)
            {
                records[sequence] = record;
            }
        }

        return records;
    }

    private static void CheckSeals(AuditKey key, SortedDictionary<long, AuditRecord> records, AuditHead? head, List<string> problems)
    {
        // Records written before a key was configured carry no seal; from the first sealed one on, every one must.
        long? firstSealed = records.Values.FirstOrDefault(r => r.Mac is not null)?.Sequence;
        foreach (var record in records.Values)
        {
            var where = AuditKeys.Record(record.Sequence);
            if (record.Mac is null)
            {
                if (firstSealed < record.Sequence)
                {
                    problems.Add($"{where}: record {record.Sequence} is not sealed though record {firstSealed} before it is; it was written or rewritten without the audit key");
                }
            }
            else if (!key.Verifies(RecordSeal, record.Sequence, record.Hash, record.Mac))
            {
                problems.Add($"{where}: record {record.Sequence} does not match its seal (hash {Short(record.Hash)}); it was edited and re-chained without the audit key, or sealed with another key");
            }
        }

        if (head is null)
        {
            return;
        }

        if (head.Mac is null)
        {
            if (firstSealed is not null)
            {
                problems.Add($"{AuditKeys.Head}: not sealed though the records are (it names record {head.Sequence}); it was rewritten without the audit key");
            }
        }
        else if (!key.Verifies(HeadSeal, head.Sequence, head.Hash, head.Mac))
        {
            problems.Add($"{AuditKeys.Head}: does not match its seal (it names record {head.Sequence}, hash {Short(head.Hash)}); it was rewritten without the audit key");
        }
    }

    private static void CheckAnchor(AuditKey? key, string source, AuditAnchor anchor, SortedDictionary<long, AuditRecord> records, List<string> problems)
    {
        if (key is not null && anchor.Mac is not null && !key.Verifies(HeadSeal, anchor.Sequence, anchor.Hash, anchor.Mac))
        {
            problems.Add($"{source}: does not match its seal (record {anchor.Sequence}, hash {Short(anchor.Hash)}); it was not written with this audit key");
            return;
        }

        var named = $"{source} names record {anchor.Sequence} with hash {Short(anchor.Hash)}";
        if (records.Count == 0)
        {
            problems.Add($"{AuditKeys.Prefix}: the journal is gone: {named}, but the store holds no audit records; it was deleted");
            return;
        }

        var newest = records.Keys.Max();
        if (records.TryGetValue(anchor.Sequence, out var record))
        {
            if (record.Hash != anchor.Hash)
            {
                problems.Add(
                    $"{AuditKeys.Record(anchor.Sequence)}: record {anchor.Sequence} does not match {source} (hash {Short(record.Hash)} recorded, "
                    + $"{Short(anchor.Hash)} anchored); the chain was rewritten after that head was anchored");
            }
        }
        else if (anchor.Sequence > newest)
        {
            var range = anchor.Sequence == newest + 1
                ? $"{AuditKeys.Record(anchor.Sequence)}: record {anchor.Sequence} is missing"
                : $"{AuditKeys.Record(newest + 1)} to {AuditKeys.Record(anchor.Sequence)}: records {newest + 1} to {anchor.Sequence} are missing";
            problems.Add($"{range} (removed from the end: {named}, the newest record is {newest})");
        }
    }

    private static string Short(string hash) => hash.Length > ShownHashLength ? $"{hash[..ShownHashLength]}..." : hash;
}
