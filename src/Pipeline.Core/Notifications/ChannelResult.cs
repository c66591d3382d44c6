namespace Pipeline.Core.Notifications;

/// <summary>Whether a channel delivered the notice, and if not, why (masked).</summary>
public sealed record ChannelResult(string Channel, bool Sent, string? Error);
