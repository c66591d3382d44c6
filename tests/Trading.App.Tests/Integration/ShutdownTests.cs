using System.Net;
using Trading.App.Tests.Support;

namespace Trading.App.Tests.Integration;

/// <summary>
/// Stopping the app (what SIGTERM does) while a client holds a kept-alive connection: during the drain window its
/// requests are still answered and told to close the connection, so its next request goes out on a new connection,
/// which a front door sends to the instance that serves now, instead of being reset when this one stops. The whole,
/// under load through the real front door: ZeroDowntimeTests, SshFrontDoorTests.
/// </summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task A_request_on_a_kept_alive_connection_while_the_app_stops_is_answered_and_told_to_close_the_connection()
    {
        using var workspace = new AppWorkspace();
        workspace.Migrate();
        await using var app = await RunningApp.StartAsync(workspace, shutdownDrain: TimeSpan.FromSeconds(5));
        using var before = await app.Client.GetAsync(new Uri("/api/orders", UriKind.Relative));
        Assert.NotEqual(true, before.Headers.ConnectionClose);

        var stopping = app.StopAsync();
        var answers = new List<HttpStatusCode>();
        HttpResponseMessage during;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        do
        {
            during = await app.Client.GetAsync(new Uri("/api/orders", UriKind.Relative));
            answers.Add(during.StatusCode);
        }
        while (during.Headers.ConnectionClose != true && watch.Elapsed < TimeSpan.FromSeconds(3));

        Assert.All(answers, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.True(during.Headers.ConnectionClose, $"the answer while stopping did not close its connection: {during.Headers}");
        Assert.False(stopping.IsCompleted, "the app stopped before its drain window ended");
        during.Dispose();
        await stopping;
    }
}
