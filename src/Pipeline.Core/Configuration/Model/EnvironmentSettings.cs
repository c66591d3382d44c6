using System.ComponentModel;

namespace Pipeline.Core.Configuration.Model;

/// <summary>One environment of the trading application, as config/environments/&lt;name&gt;.json describes it.</summary>
public sealed record EnvironmentSettings
{
    [Description("The environment's name; must match the file name.")]
    public required string Name { get; init; }

    public required ServerSettings Server { get; init; }

    public required DatabaseSettings Database { get; init; }

    [Description("External API endpoints the app calls, by name. Keys are secret references only.")]
    public required IReadOnlyDictionary<string, ServiceEndpoint> Services { get; init; }

    public required AuthSettings Auth { get; init; }

    public required LoggingSettings Logging { get; init; }

    public required CachingSettings Caching { get; init; }

    public required WebSocketSettings Websocket { get; init; }

    [Description("Feature switches the app reads at start, by name.")]
    public required IReadOnlyDictionary<string, bool> FeatureFlags { get; init; }

    public required MonitoringSettings Monitoring { get; init; }

    public required DeploymentSettings Deployment { get; init; }

    public required NotificationSettings Notifications { get; init; }
}
