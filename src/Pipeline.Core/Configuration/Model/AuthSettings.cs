using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Pipeline.Core.Configuration.Model;

public sealed record AuthSettings
{
    [Description("The token issuer (iss) the app writes and expects.")]
    public required string Issuer { get; init; }

    [Description("The token audience (aud) the app writes and expects.")]
    public required string Audience { get; init; }

    [Description("Lifetime of an access token, 1-1440 minutes.")]
    [Range(1, 1440)]
    public required int TokenLifetimeMinutes { get; init; }

    [Description("A secret reference to the token signing key.")]
    public required SecretReference SigningKey { get; init; }
}
