namespace Trading.App.Settings;

/// <summary>Where the app keeps its orders: Trading:database:engine.</summary>
public enum DatabaseEngine
{
    /// <summary>"sqlite": a file under the data directory (Trading:database:path).</summary>
    Sqlite,

    /// <summary>"postgresql": a server reached with Trading:database:connectionString.</summary>
    PostgreSql,
}
