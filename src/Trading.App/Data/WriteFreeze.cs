namespace Trading.App.Data;

/// <summary>
/// How the pipeline stops writes while it restores a backup over the live database (Rollback --component=database),
/// and how long a refused client should wait. The flag lives with the data, so every app process sharing the database
/// sees it, and the app checks it inside the transaction of each write: a write either committed before the freeze was
/// in force or is refused. The pipeline's side (Pipeline.Core.Databases.Reconciliation) uses the same names.
/// </summary>
public static class WriteFreeze
{
    /// <summary>SQLite: writes are frozen while this table holds a row. The pipeline creates it when it first freezes.</summary>
    public const string SqliteTable = "pipeline_write_freeze";

    /// <summary>
    /// PostgreSQL: the advisory lock the pipeline holds exclusively while writes are frozen. Each write takes it shared
    /// for its transaction without waiting, so a write commits before the freeze is granted or is refused after it.
    /// </summary>
    public const long PostgreSqlLockKey = 7_212_026_113_000_011;

    /// <summary>What a refused write is told to wait before trying again (the Retry-After header, in seconds).</summary>
    public const int RetryAfterSeconds = 2;
}

/// <summary>A write was refused because the pipeline has frozen writes to restore the database; reads go on.</summary>
public sealed class WritesFrozenException : Exception
{
    public WritesFrozenException()
        : base("Writes are paused while the database is restored; try again shortly.")
    {
    }

    public WritesFrozenException(string message)
        : base(message)
    {
    }

    public WritesFrozenException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
