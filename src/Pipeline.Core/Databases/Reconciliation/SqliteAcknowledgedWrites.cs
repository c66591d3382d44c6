using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Pipeline.Core.Databases.Reconciliation;

/// <summary>
/// The acknowledged writes of a SQLite file. The freeze is a row in <see cref="WriteFreeze.SqliteTable"/>, which the
/// app reads inside each write's IMMEDIATE transaction; counters are sqlite_sequence (AUTOINCREMENT).
/// </summary>
public sealed class SqliteAcknowledgedWrites(string databaseFile) : IAcknowledgedWrites
{
    private const string SchemaHistory = "schema_migrations";

    public WriteFreeze Freeze(string reason, TimeSpan wait)
    {
        if (!File.Exists(databaseFile))
        {
            throw new WriteFreezeException($"{databaseFile}: there is no database, so writes cannot be stopped. Nothing was changed.");
        }

        try
        {
            using var connection = Open(databaseFile, SqliteOpenMode.ReadWrite, wait);
            using var transaction = connection.BeginTransaction();
            Execute(connection, transaction, $"CREATE TABLE IF NOT EXISTS {WriteFreeze.SqliteTable} (id INTEGER PRIMARY KEY CHECK (id = 1), since TEXT NOT NULL, reason TEXT NOT NULL)");
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = $"INSERT OR REPLACE INTO {WriteFreeze.SqliteTable} (id, since, reason) VALUES (1, $since, $reason)";
            insert.Parameters.AddWithValue("$since", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            insert.Parameters.AddWithValue("$reason", reason);
            insert.ExecuteNonQuery();
            transaction.Commit();
        }
        catch (SqliteException ex)
        {
            throw new WriteFreezeException($"{databaseFile}: writes could not be stopped within {wait.TotalSeconds:0.#} s ({ex.Message}). Nothing was changed.", ex);
        }

        return new SqliteWriteFreeze(databaseFile);
    }

    /// <summary>
    /// Gives <paramref name="restored"/> (a copy about to replace <paramref name="live"/>) the freeze state of the live
    /// file, so that putting it in place neither lifts a freeze early nor brings back one a backup was taken under.
    /// </summary>
    public static void CarryFreeze(string live, string restored)
    {
        bool frozen;
        using (var connection = Open(live, SqliteOpenMode.ReadOnly, TimeSpan.FromSeconds(30)))
        {
            frozen = HasTable(connection, WriteFreeze.SqliteTable) && Scalar(connection, $"SELECT count(*) FROM {WriteFreeze.SqliteTable}") > 0;
        }

        using var copy = Open(restored, SqliteOpenMode.ReadWrite, TimeSpan.FromSeconds(30));
        if (frozen)
        {
            Execute(copy, null, $"CREATE TABLE IF NOT EXISTS {WriteFreeze.SqliteTable} (id INTEGER PRIMARY KEY CHECK (id = 1), since TEXT NOT NULL, reason TEXT NOT NULL)");
            Execute(copy, null, $"INSERT OR REPLACE INTO {WriteFreeze.SqliteTable} (id, since, reason) VALUES (1, '{DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture)}', 'restore in progress')");
        }
        else if (HasTable(copy, WriteFreeze.SqliteTable))
        {
            Execute(copy, null, $"DELETE FROM {WriteFreeze.SqliteTable}");
        }
    }

    public IReadOnlyList<IdCounter> Counters()
    {
        using var connection = Open(databaseFile, SqliteOpenMode.ReadOnly, TimeSpan.FromSeconds(30));
        return ReadCounters(connection);
    }

    public IReadOnlyDictionary<string, long> HighWaterMarks()
    {
        using var connection = Open(databaseFile, SqliteOpenMode.ReadOnly, TimeSpan.FromSeconds(30));
        return ReadCounters(connection).ToDictionary(c => c.Table, c => Scalar(connection, $"SELECT coalesce(max(rowid), 0) FROM {Quote(c.Table)}"), StringComparer.Ordinal);
    }

    public long CountUpTo(IdCounter counter, long highWaterMark)
    {
        ArgumentNullException.ThrowIfNull(counter);
        using var connection = Open(databaseFile, SqliteOpenMode.ReadOnly, TimeSpan.FromSeconds(30));
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {Quote(counter.Table)} WHERE rowid <= $mark";
        command.Parameters.AddWithValue("$mark", highWaterMark);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public IReadOnlyList<IReadOnlyDictionary<string, object?>> RowsAbove(IdCounter counter, long highWaterMark)
    {
        ArgumentNullException.ThrowIfNull(counter);
        using var connection = Open(databaseFile, SqliteOpenMode.ReadOnly, TimeSpan.FromSeconds(30));
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM {Quote(counter.Table)} WHERE rowid > $mark ORDER BY rowid";
        command.Parameters.AddWithValue("$mark", highWaterMark);
        using var reader = command.ExecuteReader();
        return DataRows.ReadAll(reader);
    }

    public void KeepAbove(string table, long issued)
    {
        using var connection = Open(databaseFile, SqliteOpenMode.ReadWrite, TimeSpan.FromSeconds(30));
        using var raise = connection.CreateCommand();
        raise.CommandText = """
            UPDATE sqlite_sequence SET seq = $seq WHERE name = $name AND seq < $seq;
            INSERT INTO sqlite_sequence (name, seq)
                SELECT $name, $seq WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = $name);
            """;
        raise.Parameters.AddWithValue("$name", table);
        raise.Parameters.AddWithValue("$seq", issued);
        raise.ExecuteNonQuery();
    }

    private static List<IdCounter> ReadCounters(SqliteConnection connection)
    {
        var counters = new List<IdCounter>();
        if (!HasTable(connection, "sqlite_sequence"))
        {
            return counters;
        }

        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, seq FROM sqlite_sequence ORDER BY name";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var table = reader.GetString(0);
            if (table != SchemaHistory && !table.StartsWith("pipeline_", StringComparison.Ordinal))
            {
                counters.Add(new IdCounter(table, string.Empty, reader.GetInt64(1)));
            }
        }

        return counters.Select(c => c with { Column = IdColumn(connection, c.Table) }).ToList();
    }

    // AUTOINCREMENT needs an INTEGER PRIMARY KEY, which is the rowid under its own name; queries use rowid either way.
    private static string IdColumn(SqliteConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM pragma_table_info($table) WHERE pk = 1";
        command.Parameters.AddWithValue("$table", table);
        return command.ExecuteScalar() as string ?? "rowid";
    }

    private static bool HasTable(SqliteConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $name";
        command.Parameters.AddWithValue("$name", table);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) > 0;
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string Quote(string identifier) => $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    internal static SqliteConnection Open(string file, SqliteOpenMode mode, TimeSpan wait)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = mode, Pooling = false, DefaultTimeout = (int)Math.Ceiling(wait.TotalSeconds) }.ToString());
        connection.Open();
        using var timeout = connection.CreateCommand();
        timeout.CommandText = string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {(long)wait.TotalMilliseconds}");
        timeout.ExecuteNonQuery();
        return connection;
    }

    private sealed class SqliteWriteFreeze(string databaseFile) : WriteFreeze
    {
        public override string Description => $"a row in {SqliteTable} of {databaseFile}, checked by the app inside every write";

        public override string HowToLift => $"sqlite3 '{databaseFile}' 'DELETE FROM {SqliteTable};'";

        protected override void LiftWrites()
        {
            using var connection = Open(databaseFile, SqliteOpenMode.ReadWrite, TimeSpan.FromSeconds(30));
            Execute(connection, null, $"DELETE FROM {SqliteTable}");
        }
    }
}
