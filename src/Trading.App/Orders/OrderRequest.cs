namespace Trading.App.Orders;

/// <summary>An order as the client sent it, before validation; a field that was absent or of the wrong JSON type is null.</summary>
public sealed record OrderRequest(string? Symbol, string? Side, decimal? Quantity, decimal? Price, string? ClientOrderId = null);
