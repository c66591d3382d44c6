using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Trading.App.Settings;

namespace Trading.App.Data;

/// <summary>
/// The app's SQLite database file; its migrations are recorded in schema_migrations. Every connection runs in
/// WAL mode with a busy timeout, so concurrent requests wait for each other instead of failing with
/// "database is locked".
/// </summary>
public sealed class SqliteTradingDatabase : TradingDatabase
{
    private readonly string connectionString;
    private readonly int busyTimeoutMilliseconds;

    /// <summary>The SQLite file at <paramref name="filePath"/>.</summary>
    /// <param name="displayName">The path as configured (Trading:database:path), used in messages.</param>
    /// <param name="filePath">The file, usually under the data directory.</param>
    /// <param name="commandTimeoutSeconds">How long a command may wait.</param>
    public SqliteTradingDatabase(string displayName, string filePath, int commandTimeoutSeconds = 30)
        : base(displayName, DatabaseEngine.Sqlite)
    {
        FilePath = Path.GetFullPath(filePath);
        busyTimeoutMilliseconds = checked(commandTimeoutSeconds * 1000);
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
        version.CommandText = "SELECT coalesce(max(version), 0), coalesce(max(CASE WHEN name LIKE 'contract!_%' ESCAPE '!' THEN version END), 0) FROM schema_migrations";
        using var row = version.ExecuteReader();
        row.Read();
        return new AppliedSchema(row.GetInt32(0), [], row.GetInt32(1));
    }

    protected override DbConnection CreateConnection() => new SqliteConnection(connectionString);

    /// <summary>
    /// Microsoft.Data.Sqlite begins transactions IMMEDIATE, so the write lock is held from here to the commit: the
    /// pipeline's freeze, itself a write, is committed either before this check or after this write.
    /// </summary>
    protected override async Task<bool> IsFrozenAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var exists = connection.CreateCommand();
        await using (exists.ConfigureAwait(false))
        {
            exists.Transaction = transaction;
            exists.CommandText = $"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '{WriteFreeze.SqliteTable}'";
            if (Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) == 0)
            {
                return false;
            }
        }

        var frozen = connection.CreateCommand();
        await using (frozen.ConfigureAwait(false))
        {
            frozen.Transaction = transaction;
            frozen.CommandText = $"SELECT count(*) FROM {WriteFreeze.SqliteTable}";
            return Convert.ToInt64(await frozen.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) > 0;
        }
    }

    /// <summary>
    /// In the default rollback-journal mode a write must wait for every reader to finish before it commits, and
    /// the commit of INSERT ... RETURNING happens when the reader is disposed, where Microsoft.Data.Sqlite does
    /// not retry: under concurrent reads that surfaced as SQLITE_BUSY (a 500). In WAL mode readers never block
    /// the writer, and the busy timeout makes writers queue behind each other inside SQLite. WAL is a property of
    /// the file, so setting it again on every connection costs nothing and also covers a file put in place later.
    /// </summary>
    protected override void Prepare(DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {busyTimeoutMilliseconds}; PRAGMA journal_mode = WAL;");
        command.ExecuteNonQuery();
    }
}
