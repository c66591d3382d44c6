namespace Pipeline.Core.Configuration.Model;

public sealed record WebSocketSettings
{
    public required bool Enabled { get; init; }

    public string Path { get; init; } = "/ws";

    public int HeartbeatSeconds { get; init; } = 15;

    public int MaxConnections { get; init; } = 1000;
}
