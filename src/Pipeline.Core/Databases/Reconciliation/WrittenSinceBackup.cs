using System.Globalization;
using Pipeline.Core.Backups;
using Pipeline.Core.State;

namespace Pipeline.Core.Databases.Reconciliation;

/// <summary>
/// Collects, while writes are frozen, every row written since a backup and saves it to the state store before the
/// backup is restored over them. A row is "since the backup" when its id is above the backup's high-water mark. The
/// app only inserts orders, so the rows at or below the mark must be exactly the backup's; when their count says
/// otherwise (a write that committed after the backup's snapshot with an id below the mark), or the backup recorded no
/// mark (taken before marks were recorded), every row of the table is saved: more than needed, never less.
/// </summary>
public static class WrittenSinceBackup
{
    public const string Prefix = "reconciliation/";

    public static string KeyOf(string environment, string deploymentId) => $"{Prefix}{environment}/{deploymentId}.json";

    public static ReconciliationFile Collect(IAcknowledgedWrites writes, BackupManifest backup, string environment, string deploymentId, string database, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(writes);
        ArgumentNullException.ThrowIfNull(backup);
        var tables = new List<ReconciledTable>();
        foreach (var counter in writes.Counters())
        {
            var (mark, basis) = HighWaterMark(writes, backup, counter);
            tables.Add(new ReconciledTable(counter.Table, counter.Column, mark, basis, counter.Issued, writes.RowsAbove(counter, mark).Select(Exact).ToList()));
        }

        return new ReconciliationFile
        {
            Environment = environment,
            DeploymentId = deploymentId,
            BackupId = backup.Id,
            Engine = backup.Engine,
            Database = database,
            Saved = now,
            RowCount = tables.Sum(t => t.Rows.Count),
            Tables = tables,
        };
    }

    /// <summary>Writes <paramref name="file"/> whole; returns its key.</summary>
    public static string Save(IStateStore store, ReconciliationFile file)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(file);
        var key = KeyOf(file.Environment, file.DeploymentId);
        store.Put(key, file);
        return key;
    }

    public static ReconciliationFile? Read(IStateStore store, string key) => store.Get<ReconciliationFile>(key);

    // Decimals and times are written as text, exactly as stored: a JSON number may be read back as a double (jq 1.6 does).
    private static IReadOnlyDictionary<string, object?> Exact(IReadOnlyDictionary<string, object?> row) =>
        row.ToDictionary(c => c.Key, c => c.Value switch
        {
            decimal number => number.ToString(CultureInfo.InvariantCulture),
            double number => number.ToString("R", CultureInfo.InvariantCulture),
            DateTime time => time.ToString("O", CultureInfo.InvariantCulture),
            DateTimeOffset time => time.ToString("O", CultureInfo.InvariantCulture),
            var value => value,
        }, StringComparer.Ordinal);

    private static (long Mark, string Basis) HighWaterMark(IAcknowledgedWrites writes, BackupManifest backup, IdCounter counter)
    {
        if (backup.HighWaterMarks is null)
        {
            return (0, $"backup {backup.Id} records no high-water mark (taken before they were recorded): every row is saved");
        }

        if (!backup.HighWaterMarks.TryGetValue(counter.Table, out var mark))
        {
            return (0, $"backup {backup.Id} has no {counter.Table} table: every row is saved");
        }

        var expected = backup.Tables.GetValueOrDefault(counter.Table);
        var below = writes.CountUpTo(counter, mark);
        return below == expected
            ? (mark, $"high-water mark of backup {backup.Id}")
            : (0, $"{below} live row(s) have an id at or below backup {backup.Id}'s high-water mark {mark}, the backup holds {expected}: every row is saved");
    }
}
