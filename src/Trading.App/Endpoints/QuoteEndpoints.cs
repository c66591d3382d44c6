using Trading.App.Quotes;

namespace Trading.App.Endpoints;

public static class QuoteEndpoints
{
    /// <summary>GET /api/quotes: the current simulated quote of every symbol.</summary>
    public static IEndpointRouteBuilder MapQuoteEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/quotes", (QuoteSimulator simulator, HttpResponse response) =>
        {
            response.Headers.CacheControl = "no-store";
            return Results.Ok(simulator.Current());
        });
        return endpoints;
    }
}
