namespace Pipeline.Core.Database;

/// <summary>Migrations that cannot run, or ran and failed; the message says what to do next.</summary>
public sealed class MigrationException : Exception
{
    public MigrationException()
    {
    }

    public MigrationException(string message)
        : base(message)
    {
    }

    public MigrationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
