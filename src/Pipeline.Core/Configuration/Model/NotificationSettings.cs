using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Pipeline.Core.Configuration.Model;

public sealed record NotificationSettings
{
    public SlackSettings? Slack { get; init; }

    public EmailSettings? Email { get; init; }

    [JsonIgnore]
    public bool IsConfigured => Slack is not null || Email is not null;
}

public sealed record SlackSettings
{
    [Description("A secret reference to the incoming-webhook URL.")]
    public required SecretReference WebhookUrl { get; init; }

    public string? Channel { get; init; }
}

public sealed record EmailSettings
{
    public required string SmtpHost { get; init; }

    public int SmtpPort { get; init; } = 587;

    public bool UseTls { get; init; } = true;

    public required string From { get; init; }

    public required IReadOnlyList<string> To { get; init; }

    public string? Username { get; init; }

    [Description("A secret reference to the SMTP password.")]
    public SecretReference? Password { get; init; }
}
