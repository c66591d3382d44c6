using System.Globalization;
using Npgsql;

namespace Pipeline.Core.Databases.PostgreSql;

/// <summary>The few queries the engine and the migrator share, on an open connection.</summary>
internal static class PostgreSqlSession
{
    public static async Task<NpgsqlConnection> OpenAsync(PostgreSqlConnectionInfo connection, CancellationToken cancellationToken)
    {
        // Unpooled: scratch databases are dropped while pooled connections to them would still be open.
        var open = new NpgsqlConnection(connection.ToConnectionString(pooling: false));
        try
        {
            await open.OpenAsync(cancellationToken).ConfigureAwait(false);
            return open;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            await open.DisposeAsync().ConfigureAwait(false);
            throw new PostgreSqlException($"Cannot connect to PostgreSQL database {connection}: {ex.Message}", ex);
        }
    }

    public static async Task<string> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, NpgsqlTransaction? transaction = null)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
    }

    public static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, NpgsqlTransaction? transaction = null)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Exact row counts of every table in the public schema, by name.</summary>
    public static async Task<IReadOnlyDictionary<string, long>> CountRowsAsync(NpgsqlConnection connection, CancellationToken cancellationToken, NpgsqlTransaction? transaction = null)
    {
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename", connection, transaction))
        await using (var reader = await list.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                tables.Add(reader.GetString(0));
            }
        }

        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            var count = await ScalarAsync(connection, $"SELECT count(*) FROM public.{PostgreSqlIdentifier.Quote(table)}", cancellationToken, transaction).ConfigureAwait(false);
            counts[table] = long.Parse(count, CultureInfo.InvariantCulture);
        }

        return counts;
    }

    /// <summary>The highest successfully applied migration; 0 when the history table does not exist or is empty.</summary>
    public static async Task<int> SchemaVersionAsync(NpgsqlConnection connection, CancellationToken cancellationToken, NpgsqlTransaction? transaction = null)
    {
        var exists = await ScalarAsync(connection, $"SELECT to_regclass('public.{SchemaHistory.Table}') IS NOT NULL", cancellationToken, transaction).ConfigureAwait(false);
        if (!bool.Parse(exists))
        {
            return 0;
        }

        var version = await ScalarAsync(connection, $"SELECT coalesce(max(version), 0) FROM public.{SchemaHistory.Table} WHERE outcome = '{SchemaHistory.Success}'", cancellationToken, transaction).ConfigureAwait(false);
        return int.Parse(version, CultureInfo.InvariantCulture);
    }
}
