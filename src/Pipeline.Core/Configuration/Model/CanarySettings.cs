using System.ComponentModel;

namespace Pipeline.Core.Configuration.Model;

/// <summary>One traffic step of a canary: the share the canary gets, and how long it is watched there.</summary>
public sealed record CanaryStep
{
    [Description("The percentage of requests the canary targets get at this step, 1-100.")]
    public int Weight { get; init; }

    [Description("How long the canary is watched at this step before the next, e.g. \"60s\", \"5m\", \"1500ms\"; the analysis runs throughout.")]
    public string Pause { get; init; } = "0s";
}

/// <summary>How a canary is judged: named metrics measured every interval, each with a success condition.</summary>
public sealed record AnalysisSettings
{
    [Description("The Prometheus server the metrics are queried on; without one, the balancer's 5xx counters of the canary servers are the gate (fallbackCondition).")]
    public PrometheusSettings? Prometheus { get; init; }

    [Description("How often every metric is measured, e.g. \"10s\".")]
    public string Interval { get; init; } = "10s";

    [Description("Failed measurements of one metric tolerated; one more fails the canary.")]
    public int FailureLimit { get; init; }

    [Description("Measurements of one metric with no data tolerated (e.g. before the first scrape); one more fails the canary.")]
    public int InconclusiveLimit { get; init; } = 3;

    [Description("The PromQL gates, each giving one number.")]
    public IReadOnlyList<AnalysisMetricSettings> Metrics { get; init; } = [];

    [Description("Without Prometheus: the condition the canary servers' share of 5xx responses at the balancer must meet.")]
    public string FallbackCondition { get; init; } = "< 0.01";
}

public sealed record AnalysisMetricSettings
{
    [Description("The metric's name, as measurements in the deploy record and notification name it, e.g. \"error-rate\".")]
    public required string Name { get; init; }

    [Description("A PromQL query giving one number (a scalar, or a vector of one series); label track=\"canary\" or \"stable\" and target=NAME are set on every application target's series.")]
    public required string Query { get; init; }

    [Description("An operator and a number, e.g. \"< 0.01\", \"<= 0.25\".")]
    public required string SuccessCondition { get; init; }
}

public sealed record PrometheusSettings
{
    [Description("The Prometheus server's base URL, e.g. http://127.0.0.1:9090/.")]
    [ValueFormat(ValueFormat.HttpUrl)]
    public required string Url { get; init; }

    [Description("The file_sd_configs file (JSON) Prometheus reads its scrape targets from, a path on the machine that runs the pipeline (Prometheus must read the same file); the pipeline writes every application target into it, labelled with its track, target and version, and after the canary every target as stable with the version it serves.")]
    public required string TargetsFile { get; init; }
}
