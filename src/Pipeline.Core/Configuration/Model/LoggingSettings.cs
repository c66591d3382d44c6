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
    public required LogLevelSetting Level { get; init; }

    public LogFormat Format { get; init; } = LogFormat.Text;
}
