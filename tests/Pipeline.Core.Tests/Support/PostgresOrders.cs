using Npgsql;

namespace Pipeline.Core.Tests.Support;

/// <summary>The orders a PostgreSQL database of a test holds, read directly: what the app acknowledged must be there.</summary>
public static class PostgresOrders
{
    public static async Task<HashSet<long>> IdsAsync(string connectionString) => [.. (await ByIdAsync(connectionString)).Keys];

    /// <summary>Every order: its id and the clientOrderId it was placed with (null when none).</summary>
    public static async Task<Dictionary<long, string?>> ByIdAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id, client_order_id FROM orders", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var orders = new Dictionary<long, string?>();
        while (await reader.ReadAsync())
        {
            orders[reader.GetInt64(0)] = reader.IsDBNull(1) ? null : reader.GetString(1);
        }

        return orders;
    }
}
