namespace Pipeline.Core.Databases.Reconciliation;

/// <summary>Writes stopped on a database until <see cref="Lift"/>; the app answers writes with 503 and Retry-After meanwhile.</summary>
public abstract class WriteFreeze : IDisposable
{
    /// <summary>SQLite: writes are frozen while this table holds a row (Trading.App's WriteFreeze.SqliteTable).</summary>
    public const string SqliteTable = "pipeline_write_freeze";

    /// <summary>PostgreSQL: the advisory lock held exclusively while writes are frozen (Trading.App's WriteFreeze.PostgreSqlLockKey).</summary>
    public const long PostgreSqlLockKey = 7_212_026_113_000_011;

    /// <summary>What the freeze is, for the log.</summary>
    public abstract string Description { get; }

    /// <summary>How an operator lifts the freeze by hand when the pipeline could not.</summary>
    public abstract string HowToLift { get; }

    public bool IsLifted { get; private set; }

    /// <summary>Lets writes go on again.</summary>
    public void Lift()
    {
        if (!IsLifted)
        {
            LiftWrites();
            IsLifted = true;
        }
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected abstract void LiftWrites();

    /// <summary>Releases what holds the freeze; an engine whose freeze is a session lifts it here too.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }
}

/// <summary>Writes could not be stopped; nothing was changed.</summary>
public sealed class WriteFreezeException : Exception
{
    public WriteFreezeException()
    {
    }

    public WriteFreezeException(string message)
        : base(message)
    {
    }

    public WriteFreezeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
