using Pipeline.Core.Backups;
using Pipeline.Core.State;

namespace Pipeline.Core.Tests;

public sealed class BackupCatalogTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private readonly string root = Directory.CreateTempSubdirectory("pipeline-catalog-").FullName;

    [Fact]
    public void Retention_keeps_the_newest_by_count_drops_the_too_old_and_never_a_protected_one()
    {
        var store = new LocalStateStore(root);
        var catalog = new BackupCatalog(store, new FixedClock(Now));
        foreach (var (id, daysOld) in new[] { ("b-new", 0), ("b-2d", 2), ("b-20d", 20), ("b-30d", 30), ("b-40d", 40), ("b-50d", 50) })
        {
            Store(catalog, id, daysOld);
        }

        var deleted = catalog.ApplyRetention(keep: 4, maxAgeDays: 25, protectedIds: new HashSet<string>(["b-50d"], StringComparer.Ordinal));

        Assert.Equal(["b-30d", "b-40d"], deleted.Order(StringComparer.Ordinal));
        Assert.Equal(["b-new", "b-2d", "b-20d", "b-50d"], catalog.List().Select(m => m.Id));
        Assert.False(store.Exists("backups/b-30d/database.pgdump"));
        Assert.True(store.Exists("backups/b-50d/database.pgdump"));
    }

    [Fact]
    public void A_backup_that_is_not_there_is_named_with_the_newest_that_are()
    {
        var catalog = new BackupCatalog(new LocalStateStore(root), new FixedClock(Now));
        Store(catalog, "b-1", 1);

        var error = Assert.Throws<BackupException>(() => catalog.Require("b-9"));

        Assert.Contains("no backup \"b-9\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("recent ones: b-1", error.Message, StringComparison.Ordinal);
        Assert.Null(catalog.Find("../../etc"));
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    private void Store(BackupCatalog catalog, string id, int daysOld)
    {
        var dump = Path.Combine(root, id + ".dump");
        File.WriteAllText(dump, id);
        catalog.UploadDump(id, "database.pgdump", dump);
        catalog.Complete(new BackupManifest
        {
            Id = id,
            Environment = "staging",
            Engine = "postgresql",
            DumpFile = "database.pgdump",
            Created = Now.AddDays(-daysOld),
            CreatedBy = "tests",
            Sha256 = "0",
            Bytes = 2,
            DurationMs = 1,
            SchemaVersion = 2,
            Tables = new Dictionary<string, long>(),
        });
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
