using Microsoft.AspNetCore.Builder;

namespace Trading.App.Tests.Support;

/// <summary>The real app, hosted in this process on a free loopback port; disposing always stops it.</summary>
public sealed class RunningApp : IAsyncDisposable
{
    private readonly WebApplication app;

    private RunningApp(WebApplication app, Uri baseAddress)
    {
        this.app = app;
        Client = new HttpClient { BaseAddress = baseAddress };
    }

    public HttpClient Client { get; }

    public Uri BaseAddress => Client.BaseAddress!;

    /// <summary>Stops the app as SIGTERM does: the host's shutdown, then the server's.</summary>
    public Task StopAsync() => app.StopAsync();

    public static async Task<RunningApp> StartAsync(AppWorkspace workspace, TimeProvider? clock = null, TimeSpan? shutdownDrain = null)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var app = TradingApplication.Create(["--urls", "http://127.0.0.1:0"], workspace.HostOptions(clock, shutdownDrain));
        try
        {
            await app.StartAsync();

            // Port 0 asks the OS for a free port; after start, Urls holds the one actually bound.
            return new RunningApp(app, new Uri(app.Urls.Single()));
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        try
        {
            await app.StopAsync();
        }
        finally
        {
            await app.DisposeAsync();
        }
    }
}
