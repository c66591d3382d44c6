namespace Trading.App.Hosting;

/// <summary>
/// Stopping without resetting a request. When the host is told to stop (SIGTERM), the server keeps serving for the
/// window and answers every request with "Connection: close": each client with a kept-alive connection gets its
/// answer, then opens a new connection for its next request, which the front door or balancer sends to the instance
/// that serves now. Without it the server closes idle kept-alive connections the moment it stops, and a request a
/// client sends on one just then is reset (seen under load, a write among them). Then the server stops as before,
/// finishing the requests it has.
/// </summary>
internal sealed class ShutdownDrain(IHostApplicationLifetime lifetime, TimeSpan window) : IHostedLifecycleService
{
    /// <summary>Long enough for a busy client to finish its request and send its next one.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromSeconds(1);

    private volatile bool stopping;

    /// <summary>True once the host is stopping: every answer then closes its connection.</summary>
    public bool Draining => stopping || lifetime.ApplicationStopping.IsCancellationRequested;

    // The host calls this first when it stops, before ApplicationStopping and before the server stops.
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        stopping = true;
        try
        {
            await Task.Delay(window, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The host's own shutdown timeout ran out first: stop now.
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Puts <see cref="ShutdownDrain"/> in the request pipeline.</summary>
internal static class ShutdownDrainExtensions
{
    public static IApplicationBuilder UseShutdownDrain(this IApplicationBuilder app)
    {
        var drain = app.ApplicationServices.GetRequiredService<ShutdownDrain>();
        return app.Use((context, next) =>
        {
            if (drain.Draining)
            {
                context.Response.Headers.Connection = "close";
            }

            return next(context);
        });
    }
}
