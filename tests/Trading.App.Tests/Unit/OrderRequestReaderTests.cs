using System.Text.Json;
using Trading.App.Orders;
using Trading.App.Quotes;

namespace Trading.App.Tests.Unit;

public sealed class OrderRequestReaderTests
{
    private static (OrderRequest Request, ValidationErrors Errors) Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var errors = new ValidationErrors();
        return (OrderRequestReader.Read(document.RootElement, errors), errors);
    }

    [Fact]
    public void Fields_are_read_by_name_ignoring_case()
    {
        var (request, errors) = Read("""{"Symbol":"MSFT","SIDE":"sell","quantity":5,"price":410.5,"clientOrderId":"c-1"}""");

        Assert.True(errors.IsEmpty);
        Assert.Equal(new OrderRequest("MSFT", "sell", 5m, 410.5m, "c-1"), request);
    }

    [Fact]
    public void A_null_field_counts_as_missing()
    {
        var (request, errors) = Read("""{"symbol":null,"side":"buy","quantity":1,"price":1,"clientOrderId":null}""");

        Assert.True(errors.IsEmpty);
        Assert.Null(request.Symbol);
        Assert.Null(request.ClientOrderId);
    }

    [Fact]
    public void Fields_of_the_wrong_type_are_reported_and_the_rest_are_still_validated()
    {
        var (request, errors) = Read("""{"symbol":42,"side":"buy","quantity":"ten","price":[1]}""");
        var result = new OrderValidator(QuoteSimulator.SymbolNames).Validate(request, errors);

        var byField = result.Errors.ToDictionary();
        Assert.Equal(["symbol", "quantity", "price"], byField.Keys);
        Assert.Equal(["symbol must be a string, not a number"], byField["symbol"]);
        Assert.Equal(["quantity must be a whole number, not a string"], byField["quantity"]);
        Assert.Equal(["price must be a number, not an array"], byField["price"]);
    }

    [Theory]
    [InlineData("[]", "an array")]
    [InlineData("\"order\"", "a string")]
    [InlineData("null", "null")]
    public void A_body_that_is_not_an_object_is_refused(string json, string kind)
    {
        var (_, errors) = Read(json);

        Assert.Equal([$"the request body must be a JSON object, not {kind}"], errors.For("body"));
    }
}
