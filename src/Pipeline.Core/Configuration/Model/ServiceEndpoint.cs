using System.ComponentModel;

namespace Pipeline.Core.Configuration.Model;

public sealed record ServiceEndpoint
{
    [Description("Base URL of the API (https outside development).")]
    [ValueFormat(ValueFormat.HttpUrl)]
    public required string Url { get; init; }

    [Description("A secret reference to the API key, never the key itself.")]
    public SecretReference? ApiKey { get; init; }

    [Description("Seconds a call to the API may take.")]
    public int TimeoutSeconds { get; init; } = 10;
}
