using System.Globalization;
using Microsoft.Data.Sqlite;
using Trading.App.Data;

namespace Trading.App.Orders;

/// <summary>Orders in the orders table. Prices are stored as invariant text so they come back exactly.</summary>
public sealed class OrderStore(TradingDatabase database, TimeProvider clock)
{
    private const string Columns = "id, symbol, side, quantity, price, status, client_order_id, created_at";

    public async Task<Order> AddAsync(NewOrder order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        var createdAt = clock.GetUtcNow();
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                command.CommandText = """
                    INSERT INTO orders (symbol, side, quantity, price, status, client_order_id, created_at)
                    VALUES ($symbol, $side, $quantity, $price, $status, $clientOrderId, $createdAt)
                    RETURNING id
                    """;
                command.Parameters.AddWithValue("$symbol", order.Symbol);
                command.Parameters.AddWithValue("$side", order.Side);
                command.Parameters.AddWithValue("$quantity", order.Quantity);
                command.Parameters.AddWithValue("$price", order.Price.ToString(CultureInfo.InvariantCulture));
                command.Parameters.AddWithValue("$status", Order.Accepted);
                command.Parameters.AddWithValue("$clientOrderId", (object?)order.ClientOrderId ?? DBNull.Value);
                command.Parameters.AddWithValue("$createdAt", FormatTime(createdAt));
                var id = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
                return new Order(id, order.Symbol, order.Side, order.Quantity, order.Price, Order.Accepted, order.ClientOrderId, ParseTime(FormatTime(createdAt)));
            }
        }
    }

    /// <summary>The newest <paramref name="count"/> orders, newest first.</summary>
    public Task<IReadOnlyList<Order>> LatestAsync(int count, CancellationToken cancellationToken) =>
        QueryAsync($"SELECT {Columns} FROM orders ORDER BY id DESC LIMIT $count", "$count", count, cancellationToken);

    public async Task<Order?> FindAsync(long id, CancellationToken cancellationToken)
    {
        var orders = await QueryAsync($"SELECT {Columns} FROM orders WHERE id = $id", "$id", id, cancellationToken).ConfigureAwait(false);
        return orders.Count > 0 ? orders[0] : null;
    }

    private async Task<IReadOnlyList<Order>> QueryAsync(string sql, string parameter, long value, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                command.CommandText = sql;
                command.Parameters.AddWithValue(parameter, value);
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    var orders = new List<Order>();
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        orders.Add(Read(reader));
                    }

                    return orders;
                }
            }
        }
    }

    private static Order Read(SqliteDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetInt32(3),
        decimal.Parse(reader.GetString(4), NumberStyles.Number, CultureInfo.InvariantCulture),
        reader.GetString(5),
        reader.IsDBNull(6) ? null : reader.GetString(6),
        ParseTime(reader.GetString(7)));

    private static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
