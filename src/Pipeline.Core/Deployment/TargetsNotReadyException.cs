namespace Pipeline.Core.Deployment;

/// <summary>A deploy stopped before anything was sent to any target, because one or more could not take the release.</summary>
public sealed class TargetsNotReadyException(string message) : InvalidOperationException(message);
