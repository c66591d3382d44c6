using Pipeline.Core.Notifications;

namespace Pipeline.Core.Tests;

public sealed class NotificationConsoleTests
{
    [Fact]
    public async Task A_failed_deploy_is_summarised_line_by_line()
    {
        var lines = new List<string>();

        await new ConsoleChannel(lines.Add).SendAsync(NotificationSamples.Failed(), CancellationToken.None);

        Assert.Equal(
            [
                "Deploy of staging failed: 2026.11.21-abc1234 -> 2026.11.22-3f9c2ab",
                "  environment: staging",
                "  target:      web",
                "  version:     2026.11.21-abc1234 -> 2026.11.22-3f9c2ab",
                "  who:         alice",
                "  outcome:     failed",
                "  duration:    4m 12s",
                "  at:          2026-11-22 14:30:05 UTC",
                "  stages:",
                "    Build: 1m 02s (succeeded)",
                "    HealthCheck: 45.0s (failed)",
                "  failed:      HealthCheck: health check /health answered 503 three times",
                "  CI run:      https://ci.example.test/runs/812/artifacts",
            ],
            lines);
    }

    [Fact]
    public async Task A_first_deploy_without_a_previous_version_says_so()
    {
        var lines = new List<string>();

        await new ConsoleChannel(lines.Add).SendAsync(NotificationSamples.Succeeded() with { FromVersion = null }, CancellationToken.None);

        Assert.Contains("  version:     none -> 2026.11.22-3f9c2ab", lines);
        Assert.DoesNotContain(lines, line => line.StartsWith("  failed:", StringComparison.Ordinal));
    }
}
