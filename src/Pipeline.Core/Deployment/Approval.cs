namespace Pipeline.Core.Deployment;

/// <summary>An explicit approval of a deploy or rollback: who gave it, when, how, why, and the CI run if any.</summary>
public sealed record Approval(string By, DateTimeOffset At, string How, string? Reason, string? CiRun);
