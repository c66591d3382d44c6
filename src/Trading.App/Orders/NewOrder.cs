namespace Trading.App.Orders;

/// <summary>A validated order, normalized (upper-case symbol, lower-case side), ready to store.</summary>
public sealed record NewOrder(string Symbol, string Side, int Quantity, decimal Price, string? ClientOrderId);
