using System.Globalization;
using Trading.App.Orders;
using Trading.App.Quotes;

namespace Trading.App.Tests.Unit;

public sealed class OrderValidatorTests
{
    private readonly OrderValidator validator = new(QuoteSimulator.SymbolNames);

    private static OrderRequest Valid => new("AAPL", "buy", 100, 187.25m);

    [Fact]
    public void A_valid_order_passes_and_is_normalized()
    {
        var result = validator.Validate(new OrderRequest(" aapl ", "SELL", 100m, 187.2500m, "client-1.a_b"));

        Assert.True(result.IsValid);
        Assert.True(result.Errors.IsEmpty);
        Assert.Equal(new NewOrder("AAPL", "sell", 100, 187.25m, "client-1.a_b"), result.Order);
        Assert.Equal("187.25", result.Order!.Price.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void An_empty_order_lists_every_required_field()
    {
        var result = validator.Validate(new OrderRequest(null, null, null, null));

        Assert.False(result.IsValid);
        Assert.Equal(["symbol", "side", "quantity", "price"], result.Errors.ToDictionary().Keys);
        Assert.Equal(["symbol is required"], result.Errors.For("symbol"));
        Assert.Equal(["price is required"], result.Errors.For("price"));
    }

    [Fact]
    public void A_bad_order_lists_every_failing_field()
    {
        var result = validator.Validate(new OrderRequest("XYZ", "hold", 0.5m, 1_000_000.12345m, "has space"));

        var errors = result.Errors.ToDictionary();
        Assert.Null(result.Order);
        Assert.Equal(["symbol", "side", "quantity", "price", "clientOrderId"], errors.Keys);
        Assert.Equal(["quantity must be a whole number", "quantity must be between 1 and 1,000,000"], errors["quantity"]);
        Assert.Equal(["price must be below 1,000,000", "price must have at most 4 decimal places"], errors["price"]);
    }

    [Fact]
    public void An_unquoted_symbol_is_refused_naming_the_quoted_ones()
    {
        var result = validator.Validate(Valid with { Symbol = "IBM" });

        var message = Assert.Single(result.Errors.For("symbol"));
        Assert.Equal("symbol \"IBM\" is not quoted; expected one of AAPL, MSFT, GOOG, AMZN, TSLA, NVDA", message);
        Assert.Equal(["symbol"], result.Errors.Fields);
    }

    [Theory]
    [InlineData("short")]
    [InlineData("b")]
    [InlineData(" ")]
    public void A_side_other_than_buy_or_sell_is_refused(string side)
    {
        var result = validator.Validate(Valid with { Side = side });

        Assert.Equal(["side"], result.Errors.Fields);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("1000000")]
    [InlineData("250")]
    public void A_quantity_from_1_to_a_million_is_accepted(string quantity)
    {
        Assert.True(validator.Validate(Valid with { Quantity = decimal.Parse(quantity, CultureInfo.InvariantCulture) }).IsValid);
    }

    [Theory]
    [InlineData("0", "quantity must be between 1 and 1,000,000")]
    [InlineData("-5", "quantity must be between 1 and 1,000,000")]
    [InlineData("1000001", "quantity must be between 1 and 1,000,000")]
    [InlineData("10.5", "quantity must be a whole number")]
    public void A_quantity_outside_the_rules_is_refused(string quantity, string expected)
    {
        var result = validator.Validate(Valid with { Quantity = decimal.Parse(quantity, CultureInfo.InvariantCulture) });

        Assert.Equal([expected], result.Errors.For("quantity"));
        Assert.Equal(["quantity"], result.Errors.Fields);
    }

    [Theory]
    [InlineData("0.0001")]
    [InlineData("101.2345")]
    [InlineData("999999.9999")]
    [InlineData("101.250000")]
    public void A_positive_price_below_a_million_with_up_to_4_decimals_is_accepted(string price)
    {
        var result = validator.Validate(Valid with { Price = decimal.Parse(price, CultureInfo.InvariantCulture) });

        Assert.True(result.IsValid);
        Assert.Equal(decimal.Parse(price, CultureInfo.InvariantCulture), result.Order!.Price);
    }

    [Theory]
    [InlineData("0", "price must be greater than 0")]
    [InlineData("-5", "price must be greater than 0")]
    [InlineData("1000000", "price must be below 1,000,000")]
    [InlineData("101.23451", "price must have at most 4 decimal places")]
    [InlineData("0.00001", "price must have at most 4 decimal places")]
    public void A_price_outside_the_rules_is_refused(string price, string expected)
    {
        var result = validator.Validate(Valid with { Price = decimal.Parse(price, CultureInfo.InvariantCulture) });

        Assert.Equal([expected], result.Errors.For("price"));
        Assert.Equal(["price"], result.Errors.Fields);
    }

    [Theory]
    [InlineData("101.25", true)]
    [InlineData("101.2500000", true)]
    [InlineData("0.0001", true)]
    [InlineData("0.00015", false)]
    [InlineData("101.00001", false)]
    public void Price_precision_is_judged_on_the_value_not_on_trailing_zeros(string price, bool fits)
    {
        Assert.Equal(fits, OrderValidator.HasAtMostDecimals(decimal.Parse(price, CultureInfo.InvariantCulture), 4));
    }

    [Fact]
    public void A_stored_price_drops_trailing_zeros_but_keeps_its_value()
    {
        var normalized = OrderValidator.Normalize(101.250000m);

        Assert.Equal("101.25", normalized.ToString(CultureInfo.InvariantCulture));
        Assert.Equal("100", OrderValidator.Normalize(100.00m).ToString(CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("semi;colon")]
    public void A_client_order_id_that_is_empty_or_has_odd_characters_is_refused(string clientOrderId)
    {
        var result = validator.Validate(Valid with { ClientOrderId = clientOrderId });

        Assert.Equal(["clientOrderId"], result.Errors.Fields);
    }

    [Fact]
    public void A_client_order_id_longer_than_64_characters_is_refused()
    {
        Assert.True(validator.Validate(Valid with { ClientOrderId = new string('a', 64) }).IsValid);
        Assert.Equal(["clientOrderId must be 1 to 64 characters long"], validator.Validate(Valid with { ClientOrderId = new string('a', 65) }).Errors.For("clientOrderId"));
    }

    [Fact]
    public void A_field_already_refused_for_its_type_is_not_reported_twice()
    {
        var errors = new ValidationErrors();
        errors.Add("quantity", "quantity must be a whole number, not a string");

        var result = validator.Validate(Valid with { Quantity = null }, errors);

        Assert.Equal(["quantity must be a whole number, not a string"], result.Errors.For("quantity"));
        Assert.Equal(["quantity"], result.Errors.Fields);
    }
}
