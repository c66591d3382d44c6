using System.ComponentModel;

namespace Pipeline.Core.Configuration.Model;

/// <summary>One environment of the trading application, as config/environments/&lt;name&gt;.json describes it.</summary>
public sealed record EnvironmentSettings
{
    [Description("The environment's name; must match the file name.")]
    public required string Name { get; init; }

    [Description("Where the app listens and its public address.")]
    public required ServerSettings Server { get; init; }

    [Description("The database engine and how to reach it.")]
    public required DatabaseSettings Database { get; init; }

    [Description("External API endpoints the app calls, by name. Keys are secret references only.")]
    public required IReadOnlyDictionary<string, ServiceEndpoint> Services { get; init; }

    [Description("Access tokens the app issues and checks.")]
    public required AuthSettings Auth { get; init; }

    [Description("How much the app logs and in which format.")]
    public required LoggingSettings Logging { get; init; }

    [Description("The quote cache.")]
    public required CachingSettings Caching { get; init; }

    [Description("The live quote stream.")]
    public required WebSocketSettings Websocket { get; init; }

    [Description("Feature switches the app reads at start, by name.")]
    public required IReadOnlyDictionary<string, bool> FeatureFlags { get; init; }

    [Description("Health endpoint, metrics and alerts.")]
    public required MonitoringSettings Monitoring { get; init; }

    [Description("Where artifacts and state are kept, the targets, strategy, health check, retention, approval and promotion.")]
    public required DeploymentSettings Deployment { get; init; }

    [Description("Who is told after a deploy or rollback: Slack and email (production needs at least one).")]
    public required NotificationSettings Notifications { get; init; }
}
