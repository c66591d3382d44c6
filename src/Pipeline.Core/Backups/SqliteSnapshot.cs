using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Pipeline.Core.Backups;

/// <summary>SQLite's online backup API, integrity check and row counts: the parts a backup is made of.</summary>
public static class SqliteSnapshot
{
    /// <summary>A consistent copy of a live database, taken with SQLite's backup API (never a file copy).</summary>
    public static void Copy(string sourceFile, string destinationFile)
    {
        using var source = Open(sourceFile, SqliteOpenMode.ReadOnly);
        using var destination = Open(destinationFile, SqliteOpenMode.ReadWriteCreate);
        source.BackupDatabase(destination);
    }

    /// <summary>"ok" when the database passes PRAGMA integrity_check, else what SQLite reports.</summary>
    public static string IntegrityCheck(string file)
    {
        using var connection = Open(file, SqliteOpenMode.ReadOnly);
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture) ?? "no answer";
    }

    /// <summary>The SQLite library's version, e.g. "3.46.1".</summary>
    public static string LibraryVersion()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        return connection.ServerVersion;
    }

    /// <summary>Creates an empty database file when there is none (the first deploy starts from one).</summary>
    public static void EnsureExists(string file)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        using var connection = Open(file, SqliteOpenMode.ReadWriteCreate);
    }

    public static IReadOnlyDictionary<string, long> RowCounts(string file)
    {
        using var connection = Open(file, SqliteOpenMode.ReadOnly);
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            using var count = connection.CreateCommand();
            count.CommandText = $"SELECT count(*) FROM \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
            counts[table] = Convert.ToInt64(count.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        return counts;
    }

    /// <summary>
    /// Raises each AUTOINCREMENT counter (sqlite_sequence) of <paramref name="restored"/> to the one of
    /// <paramref name="live"/> where that is higher, so that an id issued after the backup was taken, to a row the
    /// restore removes, is never issued again to another row.
    /// </summary>
    public static void KeepIdsIssued(string live, string restored)
    {
        var issued = Sequences(live);
        if (issued.Count == 0)
        {
            return;
        }

        using var connection = Open(restored, SqliteOpenMode.ReadWrite);
        if (!HasSequenceTable(connection))
        {
            return;
        }

        using var transaction = connection.BeginTransaction();
        foreach (var (table, sequence) in issued)
        {
            using var raise = connection.CreateCommand();
            raise.Transaction = transaction;
            raise.CommandText = """
                UPDATE sqlite_sequence SET seq = $seq WHERE name = $name AND seq < $seq;
                INSERT INTO sqlite_sequence (name, seq)
                    SELECT $name, $seq WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = $name)
                    AND EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = $name);
                """;
            raise.Parameters.AddWithValue("$name", table);
            raise.Parameters.AddWithValue("$seq", sequence);
            raise.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    public static int SchemaVersion(string file)
    {
        using var connection = Open(file, SqliteOpenMode.ReadOnly);
        using var exists = connection.CreateCommand();
        exists.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'";
        if (Convert.ToInt64(exists.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
        {
            return 0;
        }

        using var command = connection.CreateCommand();
        command.CommandText = "SELECT coalesce(max(version), 0) FROM schema_migrations";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static Dictionary<string, long> Sequences(string file)
    {
        using var connection = Open(file, SqliteOpenMode.ReadOnly);
        var sequences = new Dictionary<string, long>(StringComparer.Ordinal);
        if (!HasSequenceTable(connection))
        {
            return sequences;
        }

        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, seq FROM sqlite_sequence";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            sequences[reader.GetString(0)] = reader.GetInt64(1);
        }

        return sequences;
    }

    private static bool HasSequenceTable(SqliteConnection connection)
    {
        using var exists = connection.CreateCommand();
        exists.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'";
        return Convert.ToInt64(exists.ExecuteScalar(), CultureInfo.InvariantCulture) > 0;
    }

    private static SqliteConnection Open(string file, SqliteOpenMode mode)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = mode, Pooling = false }.ToString());
        connection.Open();

        // The app writes while a backup reads: wait for its locks (SQLite's busy handler, which the backup API also
        // uses) instead of failing the deploy with SQLITE_BUSY; Microsoft.Data.Sqlite's own timeout covers commands only.
        using var wait = connection.CreateCommand();
        wait.CommandText = "PRAGMA busy_timeout = 30000";
        wait.ExecuteNonQuery();
        return connection;
    }
}
