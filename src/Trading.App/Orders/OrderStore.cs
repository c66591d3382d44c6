using System.Data.Common;
using System.Globalization;
using Trading.App.Data;
using Trading.App.Settings;

namespace Trading.App.Orders;

/// <summary>
/// Orders in the orders table. SQLite keeps prices as invariant text and times as ISO-8601 UTC text;
/// PostgreSQL keeps numeric(18, 6), whose trailing zeros are dropped on reading, and timestamptz. Either way an
/// order comes back exactly as it went in: the plain price, and the time to the millisecond in UTC.
/// </summary>
public sealed class OrderStore(TradingDatabase database, TimeProvider clock)
{
    private const string Columns = "id, symbol, side, quantity, price, status, client_order_id, created_at";

    private bool IsPostgreSql => database.Engine == DatabaseEngine.PostgreSql;

    /// <summary>Stores <paramref name="order"/> in one transaction that first checks writes are not frozen.</summary>
    /// <exception cref="WritesFrozenException">The pipeline has frozen writes; nothing was stored.</exception>
    public async Task<Order> AddAsync(NewOrder order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        var createdAt = ParseTime(FormatTime(clock.GetUtcNow()));
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await database.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var command = connection.CreateCommand();
                await using (command.ConfigureAwait(false))
                {
                    command.Transaction = transaction;
                    command.CommandText = """
                    INSERT INTO orders (symbol, side, quantity, price, status, client_order_id, created_at)
                    VALUES (@symbol, @side, @quantity, @price, @status, @clientOrderId, @createdAt)
                    RETURNING id
                    """;
                    Add(command, "@symbol", order.Symbol);
                    Add(command, "@side", order.Side);
                    Add(command, "@quantity", order.Quantity);
                    Add(command, "@price", IsPostgreSql ? order.Price : order.Price.ToString(CultureInfo.InvariantCulture));
                    Add(command, "@status", Order.Accepted);
                    Add(command, "@clientOrderId", (object?)order.ClientOrderId ?? DBNull.Value);
                    Add(command, "@createdAt", IsPostgreSql ? createdAt : FormatTime(createdAt));
                    var id = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return new Order(id, order.Symbol, order.Side, order.Quantity, order.Price, Order.Accepted, order.ClientOrderId, createdAt);
                }
            }
        }
    }

    /// <summary>The newest <paramref name="count"/> orders, newest first.</summary>
    public Task<IReadOnlyList<Order>> LatestAsync(int count, CancellationToken cancellationToken) =>
        QueryAsync($"SELECT {Columns} FROM orders ORDER BY id DESC LIMIT @count", "@count", count, cancellationToken);

    public async Task<Order?> FindAsync(long id, CancellationToken cancellationToken)
    {
        var orders = await QueryAsync($"SELECT {Columns} FROM orders WHERE id = @id", "@id", id, cancellationToken).ConfigureAwait(false);
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
                Add(command, parameter, value);
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

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private Order Read(DbDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetInt32(3),
        IsPostgreSql ? OrderValidator.Normalize(reader.GetDecimal(4)) : decimal.Parse(reader.GetString(4), NumberStyles.Number, CultureInfo.InvariantCulture),
        reader.GetString(5),
        reader.IsDBNull(6) ? null : reader.GetString(6),
        IsPostgreSql ? reader.GetFieldValue<DateTimeOffset>(7) : ParseTime(reader.GetString(7)));

    private static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
