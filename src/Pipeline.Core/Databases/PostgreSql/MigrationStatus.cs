using Pipeline.Core.Database;

namespace Pipeline.Core.Databases.PostgreSql;

/// <summary>Where a database stands against the migration files, for reporting: never throws for the problems it lists.</summary>
public sealed record MigrationStatus(
    int CurrentVersion,
    IReadOnlyList<SchemaHistoryEntry> History,
    IReadOnlyList<MigrationFile> Pending,
    IReadOnlyList<string> Problems)
{
    public SchemaHistoryEntry? Failed => History.FirstOrDefault(h => h.Failed);
}
