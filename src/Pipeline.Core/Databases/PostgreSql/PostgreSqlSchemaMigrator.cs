using Pipeline.Core.Database;

namespace Pipeline.Core.Databases.PostgreSql;

/// <summary>The PostgreSQL migrator in the shape the deploy uses; <paramref name="create"/> makes one reporting to the given progress.</summary>
public sealed class PostgreSqlSchemaMigrator(Func<Action<string>?, PostgreSqlMigrator> create) : ISchemaMigrator
{
    private readonly PostgreSqlMigrator migrator = create(null);

    public MigrationPlan Plan()
    {
        var status = migrator.StatusAsync().GetAwaiter().GetResult();
        if (status.Problems.Count > 0)
        {
            throw new MigrationException(string.Join(Environment.NewLine, status.Problems));
        }

        return new MigrationPlan(status.CurrentVersion, status.Pending);
    }

    public IReadOnlyList<AppliedMigration> Apply(Action<string>? progress = null) =>
        create(progress).MigrateAsync().GetAwaiter().GetResult().Select(ToApplied).ToList();

    public IReadOnlyList<AppliedMigration> ReadApplied() =>
        migrator.StatusAsync().GetAwaiter().GetResult().History.Where(h => !h.Failed).Select(ToApplied).ToList();

    public IReadOnlyList<int> Down(int targetVersion, Action<string>? progress = null) =>
        create(progress).DownAsync(targetVersion).GetAwaiter().GetResult().Select(m => m.Version).ToList();

    public void Repair(int version) => migrator.RepairAsync(version).GetAwaiter().GetResult();

    private static AppliedMigration ToApplied(SchemaHistoryEntry entry) =>
        new(entry.Version, entry.Name, entry.Checksum, entry.AppliedAt, entry.AppliedBy, entry.DurationMs);
}
