using System.Globalization;
using Trading.App.Data;

namespace Trading.App.Endpoints;

/// <summary>
/// Answers any write refused by a write freeze with 503 and Retry-After, whichever endpoint it came through, so a
/// client retries later instead of treating the order as failed; reads are never frozen.
/// </summary>
public static class FrozenWriteResponses
{
    public static IApplicationBuilder UseFrozenWriteResponses(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context).ConfigureAwait(false);
            }
            catch (WritesFrozenException ex) when (!context.Response.HasStarted)
            {
                context.Response.Clear();
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.Headers.RetryAfter = WriteFreeze.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                context.Response.Headers.CacheControl = "no-store";
                await context.Response.WriteAsJsonAsync(new FrozenResponse("writes-frozen", ex.Message)).ConfigureAwait(false);
            }
        });

    public sealed record FrozenResponse(string Status, string Reason);
}
