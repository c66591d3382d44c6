using System.Text.Json;
using Trading.App.Faults;
using Trading.App.Metrics;
using Trading.App.Orders;

namespace Trading.App.Endpoints;

public static class OrderEndpoints
{
    public const int ListLimit = 100;

    public static IEndpointRouteBuilder MapOrderEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/orders", PlaceAsync);
        endpoints.MapGet("/api/orders", async (OrderStore store, HttpResponse response, CancellationToken cancellationToken) =>
        {
            response.Headers.CacheControl = "no-store";
            return Results.Ok(await store.LatestAsync(ListLimit, cancellationToken).ConfigureAwait(false));
        });
        endpoints.MapGet("/api/orders/{id:long}", async (long id, OrderStore store, CancellationToken cancellationToken) =>
            await store.FindAsync(id, cancellationToken).ConfigureAwait(false) is { } order ? Results.Ok(order) : Results.NotFound());
        return endpoints;
    }

    /// <summary>
    /// POST /api/orders: 201 with the stored order, or 400 with {"errors": {field: [messages]}} naming every
    /// failing field. The body is parsed here rather than bound, so malformed JSON gets a 400 that says why.
    /// </summary>
    private static async Task<IResult> PlaceAsync(HttpRequest request, OrderValidator validator, OrderStore store, TradingMetrics metrics, OrderFaults faults, CancellationToken cancellationToken)
    {
        if (faults.NextFails())
        {
            return Results.Problem($"order refused by the fault this release was built with ({OrderFaults.ErrorPercentKey} = {faults.ErrorPercent}); nothing was stored", statusCode: StatusCodes.Status500InternalServerError);
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            var errors = new ValidationErrors();
            errors.Add(OrderFields.Body, $"the request body is not valid JSON: {ex.Message}");
            metrics.OrdersRejected.WithLabels(OrderFields.Body).Inc();
            return BadRequest(errors);
        }

        using (document)
        {
            var errors = new ValidationErrors();
            var orderRequest = OrderRequestReader.Read(document.RootElement, errors);
            if (errors.Contains(OrderFields.Body))
            {
                metrics.OrdersRejected.WithLabels(OrderFields.Body).Inc();
                return BadRequest(errors);
            }

            var validation = validator.Validate(orderRequest, errors);
            if (validation.Order is null)
            {
                metrics.OrdersRejected.WithLabels(validation.Errors.ToDictionary().Keys.FirstOrDefault() ?? OrderFields.Body).Inc();
                return BadRequest(validation.Errors);
            }

            var order = await store.AddAsync(validation.Order, cancellationToken).ConfigureAwait(false);
            metrics.OrdersPlaced.Inc();
            return Results.Created($"/api/orders/{order.Id}", order);
        }
    }

    private static IResult BadRequest(ValidationErrors errors) => Results.BadRequest(new ErrorResponse(errors.ToDictionary()));

    public sealed record ErrorResponse(IReadOnlyDictionary<string, string[]> Errors);
}
