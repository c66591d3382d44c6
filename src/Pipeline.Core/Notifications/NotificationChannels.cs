using Pipeline.Core.Configuration.Model;
using Pipeline.Core.Secrets;
using Pipeline.Core.State;

namespace Pipeline.Core.Notifications;

/// <summary>The channels an environment's settings ask for: always the console and the state store, Slack and email when configured.</summary>
public static class NotificationChannels
{
    public static IReadOnlyList<INotificationChannel> From(NotificationSettings settings, SecretResolver secrets, IStateStore store, HttpClient http, Action<string> console)
    {
        var channels = new List<INotificationChannel> { new ConsoleChannel(console), new StateStoreChannel(store) };
        if (settings.Slack is { } slack)
        {
            channels.Add(Slack(slack, secrets, http));
        }

        if (settings.Email is { } email)
        {
            channels.Add(Email(email, secrets));
        }

        return channels;
    }

    private static INotificationChannel Slack(SlackSettings slack, SecretResolver secrets, HttpClient http)
    {
        try
        {
            return new SlackChannel(http, secrets.Resolve(slack.WebhookUrl, "notifications.slack.webhookUrl"), slack.Channel);
        }
        catch (SecretException ex)
        {
            return new UnavailableChannel("slack", ex.Message);
        }
    }

    private static INotificationChannel Email(EmailSettings email, SecretResolver secrets)
    {
        try
        {
            var password = email.Password is { } reference ? secrets.Resolve(reference, "notifications.email.password") : null;
            return new EmailChannel(new EmailOptions(email.SmtpHost, email.SmtpPort, email.UseTls, email.From, email.To, email.Username, password));
        }
        catch (SecretException ex)
        {
            return new UnavailableChannel("email", ex.Message);
        }
    }
}
