namespace Trading.App.Orders;

/// <summary>The outcome of validating an order: the order when every rule passed, else every failure.</summary>
public sealed record OrderValidation(NewOrder? Order, ValidationErrors Errors)
{
    public bool IsValid => Order is not null;
}
