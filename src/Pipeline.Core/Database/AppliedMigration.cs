namespace Pipeline.Core.Database;

/// <summary>A row of schema_migrations: what ran, with which checksum, by whom, when and how long.</summary>
public sealed record AppliedMigration(int Version, string Name, string Checksum, DateTimeOffset AppliedAt, string AppliedBy, long DurationMs);

/// <summary>What a migration run did or would do.</summary>
public sealed record MigrationPlan(int CurrentVersion, IReadOnlyList<MigrationFile> Pending)
{
    public int TargetVersion => Pending.Count > 0 ? Pending[^1].Version : CurrentVersion;
}
