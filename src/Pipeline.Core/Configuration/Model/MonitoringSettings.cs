using System.ComponentModel;

namespace Pipeline.Core.Configuration.Model;

public sealed record MonitoringSettings
{
    [Description("The path the app answers its health on.")]
    public string HealthPath { get; init; } = "/health";

    [Description("Whether the app exposes metrics.")]
    public bool MetricsEnabled { get; init; }

    [Description("Where alerts about the app are mailed.")]
    [ValueFormat(ValueFormat.Email)]
    public string? AlertEmail { get; init; }
}
