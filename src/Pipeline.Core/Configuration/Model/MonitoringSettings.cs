namespace Pipeline.Core.Configuration.Model;

public sealed record MonitoringSettings
{
    public string HealthPath { get; init; } = "/health";

    public bool MetricsEnabled { get; init; }

    public string? AlertEmail { get; init; }
}
