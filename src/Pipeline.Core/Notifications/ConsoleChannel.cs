namespace Pipeline.Core.Notifications;

/// <summary>Writes the notice as a readable multi-line summary, one line per call.</summary>
public sealed class ConsoleChannel(Action<string> writeLine) : INotificationChannel
{
    public string Name => "console";

    public Task SendAsync(DeploymentNotice notice, CancellationToken cancellationToken)
    {
        foreach (var line in NoticeText.Summary(notice))
        {
            writeLine(line);
        }

        return Task.CompletedTask;
    }
}
