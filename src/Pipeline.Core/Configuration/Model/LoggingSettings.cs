using System.ComponentModel;

namespace Pipeline.Core.Configuration.Model;

public enum LogLevelSetting
{
    Trace,
    Debug,
    Information,
    Warning,
    Error,
}

public enum LogFormat
{
    Text,
    Json,
}

public sealed record LoggingSettings
{
    [Description("Lowest level logged: trace, debug, information, warning, error (production: information or above).")]
    public required LogLevelSetting Level { get; init; }

    [Description("text for people, json for a log collector.")]
    public LogFormat Format { get; init; } = LogFormat.Text;
}
