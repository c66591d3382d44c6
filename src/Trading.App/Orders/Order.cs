namespace Trading.App.Orders;

/// <summary>A stored order, as the API returns it.</summary>
public sealed record Order(long Id, string Symbol, string Side, int Quantity, decimal Price, string Status, string? ClientOrderId, DateTimeOffset CreatedAt)
{
    public const string Accepted = "accepted";
}
