using System.Globalization;
using System.Text.RegularExpressions;

namespace Pipeline.Core.Databases.MongoDb;

/// <summary>
/// What mongorestore reported: "finished restoring &lt;db&gt;.&lt;collection&gt; (&lt;n&gt; documents, &lt;f&gt; failures)" per
/// collection and the closing "&lt;n&gt; document(s) restored successfully. &lt;m&gt; document(s) failed to restore." summary.
/// </summary>
public sealed partial record MongoRestoreReport(IReadOnlyDictionary<string, long> Documents, long Restored, long Failed)
{
    public static MongoRestoreReport Parse(IEnumerable<string> output)
    {
        var documents = new Dictionary<string, long>(StringComparer.Ordinal);
        long restored = 0, failed = 0, collectionFailures = 0;
        var summarized = false;
        foreach (var line in output)
        {
            var finished = FinishedRestoring().Match(line);
            if (finished.Success)
            {
                documents[finished.Groups["ns"].Value] = Number(finished, "n");
                collectionFailures += Number(finished, "f");
                continue;
            }

            var summary = Summary().Match(line);
            if (summary.Success)
            {
                restored = Number(summary, "ok");
                failed = Number(summary, "failed");
                summarized = true;
            }
        }

        // Without the summary line (older tools), the per-collection lines are all there is.
        return summarized
            ? new MongoRestoreReport(documents, restored, failed)
            : new MongoRestoreReport(documents, documents.Values.Sum(), collectionFailures);
    }

    public IReadOnlyDictionary<string, long> CollectionsOf(string database) => MongoNamespaceCounts.CollectionsOf(Documents, database);

    private static long Number(Match match, string group) => long.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"finished restoring (?<ns>\S+) \((?<n>\d+) documents?, (?<f>\d+) failures?\)")]
    private static partial Regex FinishedRestoring();

    [GeneratedRegex(@"(?<ok>\d+) document\(s\) restored successfully\. (?<failed>\d+) document\(s\) failed to restore\.")]
    private static partial Regex Summary();
}
