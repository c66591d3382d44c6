using Pipeline.Core.Secrets;

namespace Pipeline.Core.Notifications;

/// <summary>
/// Sends a notice to every channel and reports each channel's result. Never throws: a failing channel
/// neither stops the others nor the deployment. Secrets are masked out of the notice before any channel
/// sees it, and out of every error.
/// </summary>
public sealed class Notifier(IEnumerable<INotificationChannel> channels, SecretMasker masker)
{
    private readonly IReadOnlyList<INotificationChannel> channels = [.. channels];

    public async Task<IReadOnlyList<ChannelResult>> SendAsync(DeploymentNotice notice, CancellationToken ct = default)
    {
        var masked = Mask(notice);
        var results = new List<ChannelResult>(channels.Count);
        foreach (var channel in channels)
        {
            results.Add(await SendAsync(channel, masked, ct).ConfigureAwait(false));
        }

        return results;
    }

    private async Task<ChannelResult> SendAsync(INotificationChannel channel, DeploymentNotice notice, CancellationToken ct)
    {
        var name = NameOf(channel);
        try
        {
            await channel.SendAsync(notice, ct).ConfigureAwait(false);
            return new ChannelResult(name, Sent: true, Error: null);
        }
        catch (Exception ex)
        {
            return new ChannelResult(name, Sent: false, Error: masker.Apply(ExceptionMessages.Of(ex)));
        }
    }

    private static string NameOf(INotificationChannel channel)
    {
        try
        {
            return channel.Name;
        }
        catch (Exception)
        {
            return channel.GetType().Name;
        }
    }

    private DeploymentNotice Mask(DeploymentNotice notice) => notice with
    {
        Target = masker.Apply(notice.Target),
        Environment = masker.Apply(notice.Environment),
        Outcome = masker.Apply(notice.Outcome),
        Who = masker.Apply(notice.Who),
        FromVersion = MaskOptional(notice.FromVersion),
        ToVersion = MaskOptional(notice.ToVersion),
        Stages = [.. notice.Stages.Select(stage => stage with { Name = masker.Apply(stage.Name), Status = masker.Apply(stage.Status) })],
        FailedTask = MaskOptional(notice.FailedTask),
        FailureReason = MaskOptional(notice.FailureReason),
        ArtifactsLink = MaskOptional(notice.ArtifactsLink),
        Measurements = notice.Measurements?.Select(masker.Apply).ToList(),
    };

    private string? MaskOptional(string? text) => text is null ? null : masker.Apply(text);
}
