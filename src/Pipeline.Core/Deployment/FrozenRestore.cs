using Pipeline.Core.Backups;
using Pipeline.Core.Databases;
using Pipeline.Core.Databases.Reconciliation;

namespace Pipeline.Core.Deployment;

/// <summary>
/// The steps of a database rollback that keep every acknowledged write: stop writes, save the rows written since the
/// backup, restore, keep id counters above every id issued, let writes go on. It remembers how far it got, so a
/// failure at any point ends the freeze safely: lifted once ids are safe, else reported with how to lift it by hand.
/// </summary>
internal sealed class FrozenRestore(IDeployedDatabase database, DeploymentHistory history, string environment, Action<string> step) : IDisposable
{
    private WriteFreeze? freeze;
    private ReconciliationFile? saved;
    private bool restoreStarted;
    private bool idsKept;

    /// <summary>The engine's freeze and reconciliation, or a refusal that changes nothing when it has none.</summary>
    public static IAcknowledgedWrites WritesOf(IDeployedDatabase database) => database.AcknowledgedWrites ?? throw new BackupException(
        $"--component=database: writes to the {database.Engine} database cannot be stopped yet, so a restore could lose acknowledged writes; restore it by hand (README, Rollback). Nothing was changed.");

    public void Freeze(string reason, TimeSpan wait)
    {
        freeze = WritesOf(database).Freeze(reason, wait);
        step($"writes are stopped ({freeze.Description}); the app answers them 503 with Retry-After, reads go on");
    }

    /// <summary>Saves the rows written since <paramref name="backupId"/>; returns <paramref name="record"/> naming the file and its row count.</summary>
    public DeploymentRecord Save(DeploymentRecord record, string backupId)
    {
        var file = WrittenSinceBackup.Collect(WritesOf(database), database.Catalog.Require(backupId), environment, record.Id, database.Description, DateTimeOffset.UtcNow);
        var key = WrittenSinceBackup.Save(history.Store, file);
        saved = file;
        var location = $"{history.Store.Location}/{key}";
        step($"saved {file.RowCount} row(s) written since backup {backupId} to {location} ({string.Join("; ", file.Tables.Select(t => $"{t.Table}: {t.Rows.Count} above id {t.HighWaterMark}, {t.Basis}"))})");
        return record with { ReconciliationFile = location, ReconciledRows = file.RowCount };
    }

    public void Restore(string backupId)
    {
        restoreStarted = true;
        database.Restore(backupId);
    }

    // The counters go above every id issued before the restore, including those of rows the restore removed.
    public void KeepIds()
    {
        foreach (var table in saved!.Tables)
        {
            WritesOf(database).KeepAbove(table.Table, table.IdsIssued);
            step($"{table.Table}: the next id is above {table.IdsIssued}, the highest ever issued");
        }

        idsKept = true;
    }

    public void Lift()
    {
        freeze!.Lift();
        step("writes go on again");
    }

    /// <summary>After a failed step: what became of the freeze, as a sentence for the summary; empty when there was none or it was lifted.</summary>
    public string EndAfterFailure()
    {
        if (freeze is not { IsLifted: false } held)
        {
            return string.Empty;
        }

        try
        {
            if (restoreStarted && !idsKept && saved is not null)
            {
                KeepIds();
            }

            Lift();
            return " Writes were stopped for the rollback and go on again.";
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var still = $"Writes are STILL STOPPED ({held.Description}): {ex.Message}. Check the database, then lift the freeze by hand: {held.HowToLift}";
            step(still);
            return " " + still;
        }
    }

    public void Dispose() => freeze?.Dispose();
}
