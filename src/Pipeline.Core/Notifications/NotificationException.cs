namespace Pipeline.Core.Notifications;

/// <summary>A notice that could not be delivered; the message never contains a secret (webhook URL, password).</summary>
public sealed class NotificationException : Exception
{
    public NotificationException()
    {
    }

    public NotificationException(string message)
        : base(message)
    {
    }

    public NotificationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
