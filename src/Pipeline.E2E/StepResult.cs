namespace Pipeline.E2E;

/// <summary>How one step of a browser journey ended.</summary>
public sealed record StepResult(string Name, bool Passed, TimeSpan Duration, string? Failure = null);
