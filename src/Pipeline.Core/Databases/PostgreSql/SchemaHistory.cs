namespace Pipeline.Core.Databases.PostgreSql;

/// <summary>One row of pipeline_schema_history: a migration that ran, or ran and failed.</summary>
public sealed record SchemaHistoryEntry(
    int Version,
    string Name,
    string Checksum,
    string AppliedBy,
    DateTimeOffset AppliedAt,
    long DurationMs,
    string Outcome,
    string? Error)
{
    public bool Failed => Outcome == SchemaHistory.Failed;

    public string FileStem => $"{Version:D4}_{Name}";
}

/// <summary>The migration history table, shared by the migrator (which writes it) and the engine (which reports its version).</summary>
public static class SchemaHistory
{
    public const string Table = "pipeline_schema_history";
    public const string Success = "success";
    public const string Failed = "failed";

    internal const string Create = $"""
        CREATE TABLE IF NOT EXISTS public.{Table} (
            version integer PRIMARY KEY,
            name text NOT NULL,
            checksum text NOT NULL,
            applied_by text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now(),
            duration_ms bigint NOT NULL,
            outcome text NOT NULL CHECK (outcome IN ('{Success}', '{Failed}')),
            error text NULL)
        """;
}
