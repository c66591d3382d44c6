namespace Pipeline.Core.Notifications;

/// <summary>Stands in for a channel that could not be set up, so the reason shows in its result instead of stopping the others.</summary>
internal sealed class UnavailableChannel(string name, string reason) : INotificationChannel
{
    public string Name => name;

    public Task SendAsync(DeploymentNotice notice, CancellationToken cancellationToken) =>
        Task.FromException(new NotificationException(reason));
}
