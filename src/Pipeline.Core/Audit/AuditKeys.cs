using System.Globalization;
using Pipeline.Core.State;

namespace Pipeline.Core.Audit;

/// <summary>Where the journal lives in a state store: one object per record, audit/00000001.json onwards, and audit/head.json.</summary>
internal static class AuditKeys
{
    public const string Prefix = "audit/";
    public const string Head = "audit/head.json";

    private const string Extension = ".json";

    public static string Record(long sequence) => $"{Prefix}{sequence:D8}{Extension}";

    /// <summary>The sequence a record key stands for; false for any key that <see cref="Record"/> would not produce.</summary>
    public static bool TryParseSequence(string key, out long sequence)
    {
        sequence = 0;
        if (!key.StartsWith(Prefix, StringComparison.Ordinal) || !key.EndsWith(Extension, StringComparison.Ordinal))
        {
            return false;
        }

        var digits = key[Prefix.Length..^Extension.Length];
        return digits.All(char.IsAsciiDigit)
            && long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out sequence)
            && sequence > 0
            && Record(sequence) == key;
    }

    /// <summary>The record keys in the store by sequence (numerically, so it holds past 99,999,999), and every other key under the prefix.</summary>
    public static (IReadOnlyList<(long Sequence, string Key)> Records, IReadOnlyList<string> Others) In(IStateStore store)
    {
        var records = new List<(long Sequence, string Key)>();
        var others = new List<string>();
        foreach (var key in store.List(Prefix))
        {
            if (TryParseSequence(key, out var sequence))
            {
                records.Add((sequence, key));
            }
            else if (key != Head)
            {
                others.Add(key);
            }
        }

        records.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        return (records, others);
    }
}
