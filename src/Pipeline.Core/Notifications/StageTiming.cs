namespace Pipeline.Core.Notifications;

/// <summary>One stage of a deployment as it ran: its name, how long it took, how it ended.</summary>
public sealed record StageTiming(string Name, TimeSpan Duration, string Status);
