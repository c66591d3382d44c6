using Pipeline.Core.Notifications;

namespace Pipeline.Core.Tests;

/// <summary>Deployment notices as the deploy targets would send them.</summary>
internal static class NotificationSamples
{
    public static readonly DateTimeOffset At = new(2026, 11, 22, 14, 30, 5, 123, TimeSpan.Zero);

    public static DeploymentNotice Succeeded() => new(
        Target: "web",
        Environment: "staging",
        Outcome: "succeeded",
        Who: "alice",
        FromVersion: "2026.11.21-abc1234",
        ToVersion: "2026.11.22-3f9c2ab",
        Duration: TimeSpan.FromSeconds(252),
        Stages:
        [
            new StageTiming("Build", TimeSpan.FromSeconds(62), "succeeded"),
            new StageTiming("Deploy", TimeSpan.FromSeconds(170), "succeeded"),
            new StageTiming("HealthCheck", TimeSpan.FromSeconds(20), "succeeded"),
        ],
        FailedTask: null,
        FailureReason: null,
        ArtifactsLink: "https://ci.example.test/runs/812/artifacts",
        At: At);

    public static DeploymentNotice Failed(string reason = "health check /health answered 503 three times") => Succeeded() with
    {
        Outcome = "failed",
        Stages =
        [
            new StageTiming("Build", TimeSpan.FromSeconds(62), "succeeded"),
            new StageTiming("HealthCheck", TimeSpan.FromSeconds(45), "failed"),
        ],
        FailedTask = "HealthCheck",
        FailureReason = reason,
    };
}
