using System.Globalization;
using Npgsql;
using Pipeline.Core.Databases.PostgreSql;

namespace Pipeline.Core.Databases.Reconciliation;

/// <summary>
/// The acknowledged writes of a PostgreSQL database. The freeze is advisory lock <see cref="WriteFreeze.PostgreSqlLockKey"/>
/// held exclusively by a session of the pipeline: every write of the app takes it shared for its transaction without
/// waiting, so the freeze is granted only once no write is in progress, and no write gets through while it is held.
/// It lives outside the tables, so a restore does not touch it. Counters are the sequences behind identity and serial columns.
/// </summary>
public sealed class PostgreSqlAcknowledgedWrites(PostgreSqlConnectionInfo connection) : IAcknowledgedWrites
{
    public WriteFreeze Freeze(string reason, TimeSpan wait)
    {
        var session = new NpgsqlConnection(connection.ToConnectionString(pooling: false));
        try
        {
            session.Open();
            Execute(session, string.Create(CultureInfo.InvariantCulture, $"SET lock_timeout = {(long)wait.TotalMilliseconds}"));
            Execute(session, $"SELECT pg_advisory_lock({WriteFreeze.PostgreSqlLockKey})");
            var pid = session.ProcessID;
            return new PostgreSqlWriteFreeze(session, pid, connection.ToString());
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            session.Dispose();
            throw new WriteFreezeException($"PostgreSQL database {connection}: writes could not be stopped within {wait.TotalSeconds:0.#} s ({ex.Message}). Nothing was changed.", ex);
        }
    }

    public IReadOnlyList<IdCounter> Counters()
    {
        using var session = Open();
        return ReadSequences(session, null).Select(s => new IdCounter(s.Table, s.Column, Issued(session, s.Sequence))).ToList();
    }

    public IReadOnlyDictionary<string, long> HighWaterMarks()
    {
        using var session = Open();
        return HighWaterMarks(session, null);
    }

    /// <summary>The highest id in each counted table, read in <paramref name="transaction"/> (e.g. the snapshot a dump is taken in).</summary>
    public static IReadOnlyDictionary<string, long> HighWaterMarks(NpgsqlConnection session, NpgsqlTransaction? transaction) =>
        ReadSequences(session, transaction).ToDictionary(
            s => s.Table,
            s => Convert.ToInt64(Scalar(session, transaction, $"SELECT coalesce(max({Quote(s.Column)}), 0) FROM public.{Quote(s.Table)}"), CultureInfo.InvariantCulture),
            StringComparer.Ordinal);

    public long CountUpTo(IdCounter counter, long highWaterMark)
    {
        ArgumentNullException.ThrowIfNull(counter);
        using var session = Open();
        using var command = new NpgsqlCommand($"SELECT count(*) FROM public.{Quote(counter.Table)} WHERE {Quote(counter.Column)} <= @mark", session);
        command.Parameters.AddWithValue("mark", highWaterMark);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public IReadOnlyList<IReadOnlyDictionary<string, object?>> RowsAbove(IdCounter counter, long highWaterMark)
    {
        ArgumentNullException.ThrowIfNull(counter);
        using var session = Open();
        using var command = new NpgsqlCommand($"SELECT * FROM public.{Quote(counter.Table)} WHERE {Quote(counter.Column)} > @mark ORDER BY {Quote(counter.Column)}", session);
        command.Parameters.AddWithValue("mark", highWaterMark);
        using var reader = command.ExecuteReader();
        return DataRows.ReadAll(reader);
    }

    public void KeepAbove(string table, long issued)
    {
        if (issued <= 0)
        {
            return;
        }

        using var session = Open();
        foreach (var sequence in ReadSequences(session, null).Where(s => s.Table == table))
        {
            using var command = new NpgsqlCommand("SELECT setval(@sequence::regclass, greatest(@issued, coalesce(pg_sequence_last_value(@sequence::regclass), 0)), true)", session);
            command.Parameters.AddWithValue("sequence", sequence.Sequence);
            command.Parameters.AddWithValue("issued", issued);
            command.ExecuteNonQuery();
        }
    }

    private NpgsqlConnection Open()
    {
        var session = new NpgsqlConnection(connection.ToConnectionString(pooling: false));
        try
        {
            session.Open();
            return session;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            session.Dispose();
            throw new PostgreSqlException($"Cannot connect to PostgreSQL database {connection}: {ex.Message}", ex);
        }
    }

    private static List<(string Table, string Column, string Sequence)> ReadSequences(NpgsqlConnection session, NpgsqlTransaction? transaction)
    {
        const string Sql = """
            SELECT c.relname, a.attname, pg_get_serial_sequence(format('public.%I', c.relname), a.attname)
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_attribute a ON a.attrelid = c.oid
            WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
              AND c.relname NOT LIKE 'pipeline\_%'
              AND pg_get_serial_sequence(format('public.%I', c.relname), a.attname) IS NOT NULL
            ORDER BY c.relname, a.attname
            """;
        using var command = new NpgsqlCommand(Sql, session, transaction);
        using var reader = command.ExecuteReader();
        var sequences = new List<(string, string, string)>();
        while (reader.Read())
        {
            sequences.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return sequences;
    }

    private static long Issued(NpgsqlConnection session, string sequence)
    {
        using var command = new NpgsqlCommand("SELECT coalesce(pg_sequence_last_value(@sequence::regclass), 0)", session);
        command.Parameters.AddWithValue("sequence", sequence);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static object? Scalar(NpgsqlConnection session, NpgsqlTransaction? transaction, string sql)
    {
        using var command = new NpgsqlCommand(sql, session, transaction);
        return command.ExecuteScalar();
    }

    private static void Execute(NpgsqlConnection session, string sql)
    {
        using var command = new NpgsqlCommand(sql, session);
        command.ExecuteNonQuery();
    }

    private static string Quote(string identifier) => PostgreSqlIdentifier.Quote(identifier);

    private sealed class PostgreSqlWriteFreeze(NpgsqlConnection session, int pid, string database) : WriteFreeze
    {
        public override string Description => $"advisory lock {PostgreSqlLockKey} held by the pipeline's session (backend pid {pid}) on {database}";

        public override string HowToLift => $"the freeze ends with the pipeline's database session; if that is still open, end it with SELECT pg_terminate_backend({pid});";

        protected override void LiftWrites() => Execute(session, $"SELECT pg_advisory_unlock({PostgreSqlLockKey})");

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                session.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
