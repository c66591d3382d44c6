using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Pipeline.Core.Configuration.Model;

public sealed record NotificationSettings
{
    [Description("A Slack incoming webhook to post notices to.")]
    public SlackSettings? Slack { get; init; }

    [Description("An SMTP server and recipients to mail notices to (plain text and HTML).")]
    public EmailSettings? Email { get; init; }

    [JsonIgnore]
    public bool IsConfigured => Slack is not null || Email is not null;
}

public sealed record SlackSettings
{
    [Description("A secret reference to the incoming-webhook URL.")]
    public required SecretReference WebhookUrl { get; init; }

    [Description("Sent in the payload, but a Slack app's incoming webhook ignores it and posts to the channel it was created for; only legacy webhooks honour it.")]
    public string? Channel { get; init; }
}

public sealed record EmailSettings
{
    [Description("The SMTP server's host name.")]
    [ValueFormat(ValueFormat.Host)]
    public required string SmtpHost { get; init; }

    [Description("The SMTP server's port, 1-65535.")]
    [Range(1, 65535)]
    public int SmtpPort { get; init; } = 587;

    [Description("Upgrade the connection with STARTTLS before sending.")]
    public bool UseTls { get; init; } = true;

    [Description("The sender address.")]
    [ValueFormat(ValueFormat.Email)]
    public required string From { get; init; }

    [Description("The recipient addresses.")]
    [ValueFormat(ValueFormat.Email)]
    public required IReadOnlyList<string> To { get; init; }

    [Description("The SMTP login, when the server requires one (with password).")]
    public string? Username { get; init; }

    [Description("A secret reference to the SMTP password.")]
    public SecretReference? Password { get; init; }
}
