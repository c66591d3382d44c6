using Pipeline.Core.Notifications;

namespace Pipeline.Core.Tests;

/// <summary>The first line of every notice says what happened, where, and between which versions.</summary>
public sealed class NotificationWordingTests
{
    [Fact]
    public async Task A_rollback_is_called_a_rollback_from_the_version_it_left_to_the_one_it_restored()
    {
        var notice = NotificationSamples.Succeeded() with { Target = "Rollback", FromVersion = "2026.11.22-bbbbbbb", ToVersion = "2026.11.21-aaaaaaa" };

        Assert.Equal("Rollback of staging succeeded: 2026.11.22-bbbbbbb -> 2026.11.21-aaaaaaa", await FirstLineAsync(notice));
    }

    [Fact]
    public async Task A_failed_rollback_says_so()
    {
        var notice = NotificationSamples.Failed() with { Target = "Rollback" };

        Assert.StartsWith("Rollback of staging failed: ", await FirstLineAsync(notice), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deploy_that_failed_and_was_switched_back_says_both()
    {
        var notice = NotificationSamples.Failed() with { Target = "Deploy", Outcome = "rolled back" };

        Assert.Equal("Deploy of staging failed and was rolled back: 2026.11.21-abc1234 -> 2026.11.22-3f9c2ab", await FirstLineAsync(notice));
    }

    [Fact]
    public async Task The_CI_run_is_linked_as_such()
    {
        var lines = new List<string>();

        await new ConsoleChannel(lines.Add).SendAsync(NotificationSamples.Succeeded() with { ArtifactsLink = "https://github.com/acme/pipeline/actions/runs/42" }, CancellationToken.None);

        Assert.Contains("  CI run:      https://github.com/acme/pipeline/actions/runs/42", lines);
    }

    private static async Task<string> FirstLineAsync(DeploymentNotice notice)
    {
        var lines = new List<string>();
        await new ConsoleChannel(lines.Add).SendAsync(notice, CancellationToken.None);
        return lines[0];
    }
}
