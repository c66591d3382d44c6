using System.ComponentModel;

namespace Pipeline.Core.Configuration.Model;

public sealed record WebSocketSettings
{
    [Description("Whether the app streams quotes over a WebSocket.")]
    public required bool Enabled { get; init; }

    [Description("The WebSocket endpoint's path.")]
    public string Path { get; init; } = "/ws";

    [Description("Seconds between pings on an idle connection.")]
    public int HeartbeatSeconds { get; init; } = 15;

    [Description("Connections the app accepts at once; more are refused.")]
    public int MaxConnections { get; init; } = 1000;
}
