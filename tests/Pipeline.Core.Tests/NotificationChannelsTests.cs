using Pipeline.Core.Configuration.Model;
using Pipeline.Core.Notifications;
using Pipeline.Core.Secrets;
using Pipeline.Core.State;

namespace Pipeline.Core.Tests;

public sealed class NotificationChannelsTests : IDisposable
{
    private const string WebhookUrl = "https://hooks.slack.example.test/services/T000/B000/XXXXSECRET";

    private readonly string directory = Directory.CreateTempSubdirectory("pipeline-notifications-").FullName;
    private readonly HttpClient http = new();
    private readonly List<string> console = [];

    [Fact]
    public void Without_slack_or_email_the_console_and_the_state_store_are_told()
    {
        var channels = From(new NotificationSettings(), _ => null);

        Assert.Equal(["console", "state store"], channels.Select(c => c.Name));
    }

    [Fact]
    public void Configured_slack_and_email_are_added_and_their_secrets_registered_for_masking()
    {
        var masker = new SecretMasker();
        var settings = new NotificationSettings
        {
            Slack = new SlackSettings { WebhookUrl = new SecretReference(SecretSource.Env, "SLACK_WEBHOOK"), Channel = "#deploys" },
            Email = new EmailSettings { SmtpHost = "smtp.example.test", From = "a@example.test", To = ["b@example.test"], Username = "deployer", Password = new SecretReference(SecretSource.Env, "SMTP_PASSWORD") },
        };

        var channels = From(settings, name => name == "SLACK_WEBHOOK" ? WebhookUrl : "smtp-pa55word", masker);

        Assert.Equal(["console", "state store", "slack", "email"], channels.Select(c => c.Name));
        Assert.Equal("**** ****", masker.Apply($"{WebhookUrl} smtp-pa55word"));
    }

    [Fact]
    public async Task An_unset_secret_becomes_that_channels_error_instead_of_an_exception()
    {
        var settings = new NotificationSettings { Slack = new SlackSettings { WebhookUrl = new SecretReference(SecretSource.Env, "SLACK_WEBHOOK") } };
        var notifier = new Notifier(From(settings, _ => null), new SecretMasker());

        var results = await notifier.SendAsync(NotificationSamples.Succeeded());

        Assert.Equal(
            [
                new ChannelResult("console", true, null),
                new ChannelResult("state store", true, null),
                new ChannelResult("slack", false, "notifications.slack.webhookUrl: the secret env:SLACK_WEBHOOK is not set; set the environment variable SLACK_WEBHOOK."),
            ],
            results);
    }

    public void Dispose()
    {
        http.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    private IReadOnlyList<INotificationChannel> From(NotificationSettings settings, Func<string, string?> environment, SecretMasker? masker = null) =>
        NotificationChannels.From(settings, new SecretResolver([new EnvironmentSecretSource(environment)], masker ?? new SecretMasker()), new LocalStateStore(directory), http, console.Add);
}
