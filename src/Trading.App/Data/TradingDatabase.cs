using Microsoft.Data.Sqlite;

namespace Trading.App.Data;

/// <summary>The app's SQLite database file. Opening never creates it: the pipeline creates and migrates it.</summary>
public sealed class TradingDatabase
{
    private readonly string connectionString;

    public TradingDatabase(string displayName, string filePath, int commandTimeoutSeconds = 30)
    {
        DisplayName = displayName;
        FilePath = Path.GetFullPath(filePath);
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWrite,
            DefaultTimeout = commandTimeoutSeconds,

            // A pooled connection keeps the file open, so a deleted or replaced database would still look healthy.
            Pooling = false,
        }.ToString();
    }

    /// <summary>The path as configured (Trading:database:path), used in messages.</summary>
    public string DisplayName { get; }

    public string FilePath { get; }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
