using System.Globalization;
using System.Text.RegularExpressions;

namespace Pipeline.Core.Databases.MongoDb;

/// <summary>What mongodump reported: one "done dumping &lt;db&gt;.&lt;collection&gt; (&lt;n&gt; documents)" line per collection.</summary>
public sealed partial record MongoDumpReport(IReadOnlyDictionary<string, long> Documents)
{
    public static MongoDumpReport Parse(IEnumerable<string> output)
    {
        var documents = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in output)
        {
            var match = DoneDumping().Match(line);
            if (match.Success)
            {
                documents[match.Groups["ns"].Value] = long.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
            }
        }

        return new MongoDumpReport(documents);
    }

    public IReadOnlyDictionary<string, long> CollectionsOf(string database) => MongoNamespaceCounts.CollectionsOf(Documents, database);

    [GeneratedRegex(@"done dumping (?<ns>\S+) \((?<n>\d+) documents?\)")]
    private static partial Regex DoneDumping();
}
