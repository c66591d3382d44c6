using System.Diagnostics;
using Pipeline.Core.Backups;

namespace Pipeline.Core.Databases;

/// <summary>
/// Proves a backup can be restored: restores it into a scratch copy (never the live database), compares the
/// row counts with its manifest, runs the app's migrations and health query against it, then removes the copy.
/// Recovery time is measured from the start of the restore to a passing health query.
/// </summary>
public sealed class RollbackDrillService(BackupCatalog catalog, Func<BackupManifest, IDrillScratch> scratchFor, Action<string> progress, TimeProvider? clock = null)
{
    private readonly TimeProvider clock = clock ?? TimeProvider.System;

    public async Task<DrillReport> RunAsync(string? backupId, string migrationsDirectory, string healthQuery, CancellationToken cancellationToken = default)
    {
        var backup = backupId is { Length: > 0 }
            ? catalog.Require(backupId)
            : catalog.List() is [var newest, ..] ? newest : throw new BackupException($"there are no backups in {catalog.Location} to drill with; run the Backup target first.");
        var age = clock.GetUtcNow() - backup.Created;
        progress($"drill: backup {backup.Id} of {backup.Database ?? backup.Engine} taken {backup.Created:u} ({Describe(age)} ago), {backup.Bytes:N0} bytes, schema {backup.SchemaVersion}");

        var mismatches = new List<string>();
        var watch = Stopwatch.StartNew();
        await using var scratch = scratchFor(backup);
        await scratch.RestoreAsync(cancellationToken).ConfigureAwait(false);
        progress($"drill: restored into {scratch.Name} in {watch.Elapsed.TotalSeconds:0.00} s");

        var counts = await scratch.CountAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (table, expected) in backup.Tables)
        {
            var found = counts.GetValueOrDefault(table, -1);
            if (found != expected)
            {
                mismatches.Add($"table {table}: {(found < 0 ? "missing" : $"{found} rows")} after restore, manifest says {expected}");
            }
        }

        var applied = Directory.Exists(migrationsDirectory) ? await scratch.MigrateAsync(migrationsDirectory, cancellationToken).ConfigureAwait(false) : [];
        progress(applied.Count == 0
            ? $"drill: no migrations to apply on top of schema {backup.SchemaVersion}"
            : $"drill: applied {applied.Count} migration(s): {string.Join(", ", applied.Select(a => $"{a.Version:D4}_{a.Name}"))}");
        try
        {
            await scratch.HealthQueryAsync(healthQuery, cancellationToken).ConfigureAwait(false);
            progress($"drill: health query passed: {healthQuery}");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            mismatches.Add($"health query \"{healthQuery}\" failed: {ex.Message}");
        }

        var recovery = watch.Elapsed;
        return new DrillReport(backup.Id, backup.Created, age, recovery, scratch.Name, counts, applied.Count, mismatches);
    }

    private static string Describe(TimeSpan age) =>
        age.TotalDays >= 1 ? $"{age.TotalDays:0.0} days" : age.TotalHours >= 1 ? $"{age.TotalHours:0.0} hours" : $"{age.TotalMinutes:0} minutes";
}
