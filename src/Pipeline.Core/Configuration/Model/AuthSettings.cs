using System.ComponentModel;

namespace Pipeline.Core.Configuration.Model;

public sealed record AuthSettings
{
    public required string Issuer { get; init; }

    public required string Audience { get; init; }

    [Description("Lifetime of an access token, 1-1440 minutes.")]
    public required int TokenLifetimeMinutes { get; init; }

    [Description("A secret reference to the token signing key.")]
    public required SecretReference SigningKey { get; init; }
}
