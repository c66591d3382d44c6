using Trading.App.Settings;
using Trading.App.Versioning;

namespace Trading.App.Endpoints;

public static class VersionEndpoints
{
    /// <summary>GET /version: the build's version and commit, and the environment it runs in.</summary>
    public static IEndpointRouteBuilder MapVersionEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/version", (AppVersion version, TradingSettings settings) =>
            Results.Ok(new VersionResponse(version.Version, version.Commit, settings.EnvironmentName)));
        return endpoints;
    }

    public sealed record VersionResponse(string Version, string? Commit, string Environment);
}
