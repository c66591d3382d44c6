using Trading.App.Data;
using Trading.App.Settings;
using Trading.App.Versioning;

namespace Trading.App.Endpoints;

public static class HealthEndpoints
{
    /// <summary>GET /health: opens the database and reads its schema version; 503 when that fails or does not match.</summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/health", (SchemaGuard guard, AppVersion version, TradingSettings settings, HttpResponse response) =>
        {
            response.Headers.CacheControl = "no-store";
            var check = guard.Check();
            return check.IsCurrent
                ? Results.Ok(new HealthyResponse("healthy", version.Version, settings.EnvironmentName, check.AppliedVersion!.Value))
                : Results.Json(new UnhealthyResponse("unhealthy", check.Message), statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        return endpoints;
    }

    public sealed record HealthyResponse(string Status, string Version, string Environment, int SchemaVersion);

    public sealed record UnhealthyResponse(string Status, string Reason);
}
