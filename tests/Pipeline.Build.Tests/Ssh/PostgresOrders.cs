using Npgsql;

namespace Pipeline.Build.Tests.Ssh;

/// <summary>The orders a PostgreSQL database of a test holds, read directly: what the app acknowledged must be there.</summary>
internal static class PostgresOrders
{
    public static async Task<HashSet<long>> IdsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id FROM orders", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new HashSet<long>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }
}
