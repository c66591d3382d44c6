using Pipeline.Core.State;

namespace Pipeline.Core.Audit;

/// <summary>Walks a journal's records and head and names every record that was edited, removed, reordered or damaged.</summary>
internal static class AuditChainVerifier
{
    private const int ShownHashLength = 12;

    public static AuditVerification Verify(IStateStore store)
    {
        var problems = new List<string>();
        var (keys, others) = AuditKeys.In(store);
        problems.AddRange(others.Select(key => $"{key}: not an audit record (records are {AuditKeys.Record(1)}, {AuditKeys.Record(2)}, ...)"));

        var records = new Dictionary<long, AuditRecord>();
        AuditRecord? previous = null;
        long expected = 1;
        foreach (var (sequence, key) in keys)
        {
            if (sequence > expected)
            {
                problems.Add(Missing(expected, sequence - 1, $"the chain goes from record {expected - 1} to record {sequence}"));
            }

            var record = Read(store, key, sequence, problems);
            if (record is not null)
            {
                CheckRecord(key, sequence, record, problems);
                if (sequence == expected && (sequence == 1 || previous is not null))
                {
                    CheckLink(key, sequence, record, previous, problems);
                }

                records[sequence] = record;
            }

            previous = record;
            expected = sequence + 1;
        }

        CheckHead(store, expected - 1, records, problems);
        return new AuditVerification(keys.Count, problems);
    }

    private static AuditRecord? Read(IStateStore store, string key, long sequence, List<string> problems)
    {
        if (store.Read(key) is not { } content)
        {
            problems.Add($"{key}: record {sequence} disappeared during verification");
            return null;
        }

        if (!AuditJson.TryParse<AuditRecord>(content, out var record, out var error))
        {
            problems.Add($"{key}: record {sequence} is not a valid audit record ({error})");
            return null;
        }

        return record;
    }

    private static void CheckRecord(string key, long sequence, AuditRecord record, List<string> problems)
    {
        if (record.Sequence != sequence)
        {
            problems.Add($"{key}: holds record {record.Sequence} where record {sequence} belongs; records were moved or reordered");
        }

        var computed = AuditHash.Compute(record);
        if (computed != record.Hash)
        {
            problems.Add($"{key}: record {sequence} was edited (hash {Short(record.Hash)} recorded, {Short(computed)} computed)");
        }
    }

    private static void CheckLink(string key, long sequence, AuditRecord record, AuditRecord? previous, List<string> problems)
    {
        if (previous is null)
        {
            if (record.PreviousHash != AuditHash.Genesis)
            {
                problems.Add($"{key}: record 1 does not start the chain (previous hash {Short(record.PreviousHash)} recorded, {Short(AuditHash.Genesis)} expected)");
            }

            return;
        }

        if (record.PreviousHash != previous.Hash)
        {
            problems.Add(
                $"{key}: record {sequence} does not follow record {sequence - 1} (previous hash {Short(record.PreviousHash)} recorded, "
                + $"record {sequence - 1} has {Short(previous.Hash)}); a record was removed, replaced or moved");
        }
    }

    private static void CheckHead(IStateStore store, long newest, Dictionary<long, AuditRecord> records, List<string> problems)
    {
        if (store.Read(AuditKeys.Head) is not { } content)
        {
            if (newest > 0)
            {
                problems.Add($"{AuditKeys.Head}: missing, so records removed from the end cannot be ruled out (the newest record is {newest})");
            }

            return;
        }

        if (!AuditJson.TryParse<AuditHead>(content, out var head, out var error) || head.Sequence < 1)
        {
            problems.Add($"{AuditKeys.Head}: not a valid journal head ({(head is null ? error : $"sequence {head.Sequence}")})");
            return;
        }

        if (head.Sequence > newest)
        {
            problems.Add(Missing(
                newest + 1,
                head.Sequence,
                $"removed from the end: {AuditKeys.Head} names record {head.Sequence} with hash {Short(head.Hash)}, the newest record is {newest}"));
        }
        else if (records.TryGetValue(head.Sequence, out var named) && named.Hash != head.Hash)
        {
            problems.Add(
                $"{AuditKeys.Record(head.Sequence)}: record {head.Sequence} does not match {AuditKeys.Head} "
                + $"(hash {Short(named.Hash)} recorded, {Short(head.Hash)} in the head); it was replaced");
        }
    }

    private static string Missing(long first, long last, string detail) =>
        first == last
            ? $"{AuditKeys.Record(first)}: record {first} is missing ({detail})"
            : $"{AuditKeys.Record(first)} to {AuditKeys.Record(last)}: records {first} to {last} are missing ({detail})";

    private static string Short(string hash) => hash.Length > ShownHashLength ? $"{hash[..ShownHashLength]}..." : hash;
}
