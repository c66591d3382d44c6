namespace Pipeline.Core.Notifications;

/// <summary>One place a deployment notice goes; a failure to deliver is thrown as an exception.</summary>
public interface INotificationChannel
{
    string Name { get; }

    Task SendAsync(DeploymentNotice notice, CancellationToken cancellationToken);
}
