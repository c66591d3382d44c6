using Pipeline.Core.Notifications;
using Pipeline.Core.Secrets;

namespace Pipeline.Core.Tests;

public sealed class NotificationNotifierTests
{
    [Fact]
    public async Task A_failing_channel_does_not_stop_the_others()
    {
        var first = new RecordingChannel("first");
        var last = new RecordingChannel("last");
        var notifier = new Notifier([first, new ThrowingChannel("broken", throwsAtOnce: false), last], new SecretMasker());

        var results = await notifier.SendAsync(NotificationSamples.Succeeded());

        Assert.Equal(
            [new ChannelResult("first", true, null), new ChannelResult("broken", false, "broken is down"), new ChannelResult("last", true, null)],
            results);
        Assert.Single(first.Notices);
        Assert.Single(last.Notices);
    }

    [Fact]
    public async Task It_never_throws_even_when_a_channel_throws_before_returning_a_task()
    {
        var notifier = new Notifier([new ThrowingChannel("eager", throwsAtOnce: true), new ThrowingChannel("lazy", throwsAtOnce: false)], new SecretMasker());

        var results = await notifier.SendAsync(NotificationSamples.Failed());

        Assert.All(results, result => Assert.False(result.Sent));
        Assert.Equal(["eager is down", "lazy is down"], results.Select(r => r.Error));
    }

    [Fact]
    public async Task It_never_throws_when_cancelled()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var notifier = new Notifier([new CancellableChannel()], new SecretMasker());

        var result = Assert.Single(await notifier.SendAsync(NotificationSamples.Succeeded(), cancelled.Token));

        Assert.False(result.Sent);
        Assert.NotNull(result.Error);
    }

    [Fact]
    public async Task Secrets_are_masked_in_every_field_channels_see_and_in_errors()
    {
        const string secret = "tok-9f8e7d6c";
        var masker = new SecretMasker();
        masker.Add(secret);
        var recording = new RecordingChannel("recording");
        var notifier = new Notifier([recording, new ThrowingChannel(secret, throwsAtOnce: false)], masker);
        var notice = NotificationSamples.Failed($"login with {secret} refused") with
        {
            Who = $"ci ({secret})",
            ArtifactsLink = $"https://ci.example.test/a?token={secret}",
            Stages = [new StageTiming($"Push {secret}", TimeSpan.FromSeconds(3), "failed")],
        };

        var results = await notifier.SendAsync(notice);

        var seen = Assert.Single(recording.Notices);
        Assert.Equal("login with **** refused", seen.FailureReason);
        Assert.Equal("ci (****)", seen.Who);
        Assert.Equal("https://ci.example.test/a?token=****", seen.ArtifactsLink);
        Assert.Equal("Push ****", Assert.Single(seen.Stages).Name);
        Assert.Equal("**** is down", results[1].Error);
    }

    private sealed class RecordingChannel(string name) : INotificationChannel
    {
        public List<DeploymentNotice> Notices { get; } = [];

        public string Name => name;

        public Task SendAsync(DeploymentNotice notice, CancellationToken cancellationToken)
        {
            Notices.Add(notice);
            return Task.CompletedTask;
        }
    }

    private sealed class ThrowingChannel(string name, bool throwsAtOnce) : INotificationChannel
    {
        public string Name => name;

        public Task SendAsync(DeploymentNotice notice, CancellationToken cancellationToken) =>
            throwsAtOnce ? throw new InvalidOperationException($"{name} is down") : FailLaterAsync();

        private async Task FailLaterAsync()
        {
            await Task.Yield();
            throw new InvalidOperationException($"{name} is down");
        }
    }

    private sealed class CancellableChannel : INotificationChannel
    {
        public string Name => "cancellable";

        public Task SendAsync(DeploymentNotice notice, CancellationToken cancellationToken) =>
            Task.Delay(Timeout.Infinite, cancellationToken);
    }
}
