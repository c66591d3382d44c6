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

    [Fact]
    public async Task A_database_rollback_says_how_many_rows_it_saved_and_where()
    {
        var lines = new List<string>();
        const string Saved = "12 row(s) written since backup 20261130T101500000-abc123 were taken out of the database by the restore; they are in s3://state/reconciliation/production/r1.json";

        await new ConsoleChannel(lines.Add).SendAsync(NotificationSamples.Failed() with { Reconciliation = Saved }, CancellationToken.None);

        Assert.Contains($"  reconcile:   {Saved}", lines);
    }
}
