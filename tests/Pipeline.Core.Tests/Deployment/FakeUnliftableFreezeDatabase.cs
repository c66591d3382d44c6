using Pipeline.Core.Backups;
using Pipeline.Core.Databases;
using Pipeline.Core.Databases.Reconciliation;

namespace Pipeline.Core.Tests.Deployment;

/// <summary>
/// A real database whose write freeze is set for real but fails to lift (a fake of a failure that cannot be caused on
/// demand), so a test can see what a rollback says when writes stay stopped; or, with <paramref name="withoutFreeze"/>,
/// one that has no freeze at all, as an engine without one (MongoDB) has.
/// </summary>
public sealed class FakeUnliftableFreezeDatabase(IDeployedDatabase real, bool withoutFreeze = false) : IDeployedDatabase
{
    public string Engine => real.Engine;

    public string Description => real.Description;

    public BackupCatalog Catalog => real.Catalog;

    public IAcknowledgedWrites? AcknowledgedWrites { get; } = withoutFreeze ? null : new Writes(real.AcknowledgedWrites!);

    public bool Exists() => real.Exists();

    public void EnsureExists() => real.EnsureExists();

    public string MigrationsIn(string releaseDirectory) => real.MigrationsIn(releaseDirectory);

    public ISchemaMigrator Migrator(string migrationsDirectory, string appliedBy) => real.Migrator(migrationsDirectory, appliedBy);

    public int LiveSchemaVersion() => real.LiveSchemaVersion();

    public BackupManifest Backup(BackupContext context) => real.Backup(context);

    public IReadOnlyList<string> Verify(string id) => real.Verify(id);

    public BackupManifest Restore(string id) => real.Restore(id);

    public IDrillScratch Scratch(BackupManifest backup, string appliedBy) => real.Scratch(backup, appliedBy);

    private sealed class Writes(IAcknowledgedWrites real) : IAcknowledgedWrites
    {
        public WriteFreeze Freeze(string reason, TimeSpan wait) => new Stuck(real.Freeze(reason, wait));

        public IReadOnlyList<IdCounter> Counters() => real.Counters();

        public IReadOnlyDictionary<string, long> HighWaterMarks() => real.HighWaterMarks();

        public long CountUpTo(IdCounter counter, long highWaterMark) => real.CountUpTo(counter, highWaterMark);

        public IReadOnlyList<IReadOnlyDictionary<string, object?>> RowsAbove(IdCounter counter, long highWaterMark) => real.RowsAbove(counter, highWaterMark);

        public void KeepAbove(string table, long issued) => real.KeepAbove(table, issued);
    }

    private sealed class Stuck(WriteFreeze real) : WriteFreeze
    {
        public override string Description => real.Description;

        public override string HowToLift => real.HowToLift;

        protected override void LiftWrites() => throw new IOException("the database file cannot be written");
    }
}
