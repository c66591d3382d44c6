using System.Net;
using Pipeline.Core.Routing;
using Pipeline.Core.Tests.Support;

namespace Pipeline.Core.Tests.Routing;

/// <summary>The router against a real haproxy on loopback, in front of two real HTTP servers.</summary>
public sealed class HaproxyRouterTests : IDisposable
{
    private readonly AnsweringServer blue = new("blue");
    private readonly AnsweringServer green = new("green");
    private readonly HaproxyServer haproxy;
    private readonly HaproxyRouter router;
    private readonly HttpClient client = new() { Timeout = TimeSpan.FromSeconds(5) };

    public HaproxyRouterTests()
    {
        haproxy = new HaproxyServer([("blue", blue.Url, 100), ("green", green.Url, 100)]);
        router = new HaproxyRouter(new HaproxyRuntimeApi(haproxy.AdminSocket), HaproxyServer.Backend);
    }

    [Fact]
    public async Task A_server_at_weight_0_gets_no_requests_and_its_weight_back_shares_them_again()
    {
        await router.SetWeightAsync("green", 0);

        Assert.Equal(["blue"], (await AnswersAsync(20)).Distinct());
        Assert.Equal(0, (await router.ReadCountersAsync()).Single(s => s.Server == "green").Weight);

        await router.SetWeightAsync("green", 100);

        var answers = await AnswersAsync(20);
        Assert.Equal(10, answers.Count(a => a == "green"));
        Assert.Equal(10, answers.Count(a => a == "blue"));
    }

    [Fact]
    public async Task A_drained_server_gets_no_new_requests_and_is_admitted_again_when_ready()
    {
        await router.DrainAsync("blue");

        Assert.Equal(["green"], (await AnswersAsync(20)).Distinct());
        Assert.Equal("DRAIN", (await router.ReadCountersAsync()).Single(s => s.Server == "blue").State);

        await router.ReadyAsync("blue");

        Assert.Equal(["blue", "green"], (await AnswersAsync(20)).Distinct().Order());
        // Without health checks haproxy reports a ready server as "no check" rather than "UP".
        Assert.Equal("no check", (await router.ReadCountersAsync()).Single(s => s.Server == "blue").State);
    }

    [Fact]
    public async Task The_counters_give_each_server_its_own_5xx_and_responses()
    {
        green.Status = HttpStatusCode.InternalServerError;

        await AnswersAsync(20);

        var counters = await router.ReadCountersAsync();
        Assert.Equal(["blue", "green"], counters.Select(c => c.Server));
        Assert.Equal((10, 0, 10), (counters[0].Responses2xx, counters[0].Responses5xx, counters[0].ResponsesTotal));
        Assert.Equal((0, 10, 10), (counters[1].Responses2xx, counters[1].Responses5xx, counters[1].ResponsesTotal));
        Assert.Equal(1.0, counters[1].ErrorRate);
    }

    [Fact]
    public async Task A_change_haproxy_refuses_fails_quoting_its_reply_and_changes_nothing()
    {
        var error = await Assert.ThrowsAsync<RouterException>(() => router.SetWeightAsync("purple", 0));

        Assert.Equal($"haproxy at {haproxy.AdminSocket} refused \"set weight trading/purple 0\": \"No such server.\".", error.Message);
        Assert.All(await router.ReadCountersAsync(), c => Assert.Equal(100, c.Weight));
    }

    [Fact]
    public async Task A_backend_haproxy_does_not_have_is_reported_by_name()
    {
        var wrong = new HaproxyRouter(new HaproxyRuntimeApi(haproxy.AdminSocket), "tradnig");

        var error = await Assert.ThrowsAsync<RouterException>(() => wrong.ReadCountersAsync());

        Assert.StartsWith($"haproxy at {haproxy.AdminSocket} reports no servers in backend tradnig;", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_balancer_that_is_not_running_is_reported_unreachable_with_its_socket()
    {
        var socket = Path.Combine(haproxy.Directory, "nothing.sock");
        var gone = new HaproxyRouter(new HaproxyRuntimeApi(socket), HaproxyServer.Backend);

        var error = await Assert.ThrowsAsync<RouterException>(() => gone.DrainAsync("blue"));

        Assert.StartsWith($"haproxy is unreachable at its admin socket {socket} (", error.Message, StringComparison.Ordinal);
        Assert.Contains("while sending \"set server trading/blue state drain\"", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("Nothing was changed at the balancer.", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        client.Dispose();
        haproxy.Dispose();
        blue.Dispose();
        green.Dispose();
    }

    private async Task<List<string>> AnswersAsync(int count)
    {
        var answers = new List<string>();
        for (var i = 0; i < count; i++)
        {
            using var response = await client.GetAsync(haproxy.Url);
            answers.Add(await response.Content.ReadAsStringAsync());
        }

        return answers;
    }
}
