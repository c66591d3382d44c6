namespace Pipeline.Core.Databases.PostgreSql;

/// <summary>pg_dump's archive formats (--format).</summary>
public enum PgDumpFormat
{
    Custom,
    Directory,
    Tar,
    Plain,
}

/// <summary>Settings for <see cref="PgDumpTool"/>.</summary>
public sealed class PgDumpSettings : PostgreSqlToolSettings
{
    public PgDumpFormat Format { get; set; } = PgDumpFormat.Custom;

    /// <summary>The archive to write (a directory for <see cref="PgDumpFormat.Directory"/>).</summary>
    public string? File { get; set; }

    public string? Database { get; set; }

    /// <summary>Parallel dump workers; pg_dump supports them for the directory format only.</summary>
    public int? Jobs { get; set; }

    /// <summary>A snapshot exported by pg_export_snapshot(): the dump then sees exactly what that transaction sees.</summary>
    public string? Snapshot { get; set; }

    /// <summary>Further arguments, appended as given, e.g. "--exclude-table=audit_log".</summary>
    public IList<string> ExtraArguments { get; } = [];
}
