using Pipeline.Core.Deployment;
using Pipeline.Core.Notifications;
using Pipeline.Core.Reports;

namespace Pipeline.Core.Tests;

/// <summary>Deployment reports as a failed staging deploy and a database rollback would leave them.</summary>
internal static class DeploymentReportSamples
{
    public static DeploymentReport RolledBack() => new(
        new DeploymentRecord
        {
            Id = "20261130T150000Z-deploy",
            Kind = DeploymentKind.Deploy,
            Environment = "staging",
            Status = DeploymentStatus.RolledBack,
            FromVersion = "2026.11.29-aaaaaaa",
            ToVersion = "2026.11.30-bbbbbbb",
            Who = "octo (GitHub Actions run 42)",
            Started = new DateTimeOffset(2026, 11, 30, 15, 0, 0, TimeSpan.Zero),
            Finished = new DateTimeOffset(2026, 11, 30, 15, 2, 5, TimeSpan.Zero),
            BackupId = "backup-1",
            MigrationsApplied = [3],
            ArtifactSha256 = new string('b', 64),
            Strategy = "rolling",
            Reason = "/health answered 503 <after> the switch",
            Targets = [new TargetOutcome("app-1", "2026.11.29-aaaaaaa", "2026.11.30-bbbbbbb", "rolled back", "/health answered 503")],
            AuditHead = "audit head 17 sha256:abc123 hmac:def456",
        },
        "Deploy of staging failed at cut-over [app-1]; 2026.11.29-aaaaaaa serves again.",
        [new ReportStep("step 1/3: verify-artifact: sha256 of the archive", TimeSpan.Zero), new ReportStep("step 2/3: backup: take backup-1", TimeSpan.FromSeconds(4.2)), new ReportStep("step 3/3: cut-over [app-1]: switch and check health", TimeSpan.FromSeconds(61.5))],
        [new StageTiming("ValidateBuild", TimeSpan.FromSeconds(12.3), "succeeded"), new StageTiming("Deploy", TimeSpan.FromSeconds(125), "failed")],
        [new ReportHost("app-1", "deploy@10.0.0.11:22:/srv/trading", "http://10.0.0.11:8080/")],
        "audit head 17 sha256:abc123 hmac:def456",
        "https://github.example/acme/pipeline/actions/runs/987");
}
