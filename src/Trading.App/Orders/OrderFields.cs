namespace Trading.App.Orders;

/// <summary>The JSON names of an order's fields, which are also the keys of the "errors" object.</summary>
public static class OrderFields
{
    public const string Symbol = "symbol";
    public const string Side = "side";
    public const string Quantity = "quantity";
    public const string Price = "price";
    public const string ClientOrderId = "clientOrderId";
    public const string Body = "body";

    /// <summary>The order in which fields are listed in an "errors" object.</summary>
    public static IReadOnlyList<string> All { get; } = [Body, Symbol, Side, Quantity, Price, ClientOrderId];
}
