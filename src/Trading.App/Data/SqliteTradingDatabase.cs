using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Trading.App.Settings;

namespace Trading.App.Data;

/// <summary>The app's SQLite database file; its migrations are recorded in schema_migrations.</summary>
public sealed class SqliteTradingDatabase : TradingDatabase
{
    private readonly string connectionString;

    /// <summary>The SQLite file at <paramref name="filePath"/>.</summary>
    /// <param name="displayName">The path as configured (Trading:database:path), used in messages.</param>
    /// <param name="filePath">The file, usually under the data directory.</param>
    /// <param name="commandTimeoutSeconds">How long a command may wait.</param>
    public SqliteTradingDatabase(string displayName, string filePath, int commandTimeoutSeconds = 30)
        : base(displayName, DatabaseEngine.Sqlite)
    {
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

    public string FilePath { get; }

    public override string HistoryTable => "schema_migrations";

    public override string? Absence() => File.Exists(FilePath) ? null : $"no database at {FilePath}";

    public override AppliedSchema? ReadAppliedSchema()
    {
        using var connection = Open();
        using var exists = connection.CreateCommand();
        exists.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'";
        if (Convert.ToInt64(exists.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
        {
            return null;
        }

        // The SQLite migrator applies everything in one transaction, so it never records a failure.
        using var version = connection.CreateCommand();
        version.CommandText = "SELECT coalesce(max(version), 0) FROM schema_migrations";
        return new AppliedSchema(Convert.ToInt32(version.ExecuteScalar(), CultureInfo.InvariantCulture), []);
    }

    protected override DbConnection CreateConnection() => new SqliteConnection(connectionString);
}
