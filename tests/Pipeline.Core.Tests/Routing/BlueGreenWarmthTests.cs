using Pipeline.Core.Deployment;

namespace Pipeline.Core.Tests.Routing;

/// <summary>Whether a blue/green rollback may be only a switch, by the last switch's record (before its targets are asked).</summary>
public sealed class BlueGreenWarmthTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(15);

    [Fact]
    public void The_idle_colour_left_running_the_release_with_time_to_spare_is_warm()
    {
        Assert.Null(Colours(warmUntil: Now.AddMinutes(10), warmVersion: "v1").NotWarmFor("v1", Now, Margin));
    }

    [Fact]
    public void After_keepPreviousFor_ended_the_idle_colour_is_stopped_and_started_again()
    {
        Assert.Equal("its keepPreviousFor ended at 2026-12-01 07:59:00Z, so stop it", Colours(Now.AddMinutes(-1), "v1").NotWarmFor("v1", Now, Margin));
    }

    [Fact]
    public void Within_the_margin_before_its_stop_the_idle_colour_does_not_count_as_warm()
    {
        Assert.Equal(
            "its keepPreviousFor ends at 2026-12-01 08:00:10Z, too soon to switch to it as it is",
            Colours(Now.AddSeconds(10), "v1").NotWarmFor("v1", Now, Margin));
        Assert.Null(Colours(Now.AddSeconds(16), "v1").NotWarmFor("v1", Now, Margin));
    }

    [Fact]
    public void An_idle_colour_left_running_another_version_or_nothing_is_not_warm()
    {
        Assert.Equal("it was left running v2", Colours(Now.AddMinutes(10), "v2").NotWarmFor("v1", Now, Margin));
        Assert.Equal("the last switch left it with nothing kept warm", Colours(null, null).NotWarmFor("v1", Now, Margin));
    }

    private static BlueGreenColours Colours(DateTimeOffset? warmUntil, string? warmVersion) =>
        new("green", "blue", ["app-1-green"], ["app-1-blue"], TimeSpan.FromMinutes(15)) { WarmUntil = warmUntil, WarmVersion = warmVersion };
}
