using System.Globalization;
using Pipeline.Core.Artifacts;
using Pipeline.Core.Deployment;

namespace Pipeline.Core.Ci;

/// <summary>What Build and Deploy leave for the workflow: step outputs and the job summary.</summary>
public static class RunReports
{
    /// <summary>Build: outputs <c>version</c> and <c>sha256</c> (what the deploy jobs check their download against), and a summary.</summary>
    public static void Build(GitHubActions actions, ArtifactManifest manifest, string store)
    {
        actions.SetOutput("version", manifest.Version);
        actions.SetOutput("sha256", manifest.Archive.Sha256);
        actions.AppendSummary(string.Join('\n',
            $"### Build: {manifest.Version}",
            string.Empty,
            "| | |",
            "|---|---|",
            $"| version | `{manifest.Version}` |",
            $"| commit | `{manifest.Commit}` ({GitHubActions.Cell(manifest.Branch)}) |",
            $"| archive | `{manifest.Archive.File}`, {manifest.Archive.Bytes.ToString("N0", CultureInfo.InvariantCulture)} bytes |",
            $"| sha256 | `{manifest.Archive.Sha256}` |",
            $"| artifact store | {GitHubActions.Cell(store)} |") + "\n");
    }

    /// <summary>Deploy: the outcome, the versions from and to, every target's part, the backup and approval.</summary>
    public static void Deploy(GitHubActions actions, DeploymentRecord record, string summary)
    {
        var lines = new List<string>
        {
            $"### Deploy of {record.Environment}: {Outcome(record.Status)}",
            string.Empty,
            GitHubActions.Cell(summary),
            string.Empty,
            "| | |",
            "|---|---|",
            $"| environment | {GitHubActions.Cell(record.Environment)} |",
            $"| version | {GitHubActions.Cell(record.FromVersion ?? "(nothing live)")} → {GitHubActions.Cell(record.ToVersion ?? "-")} |",
            $"| sha256 | `{record.ArtifactSha256 ?? "-"}` |",
            $"| strategy | {GitHubActions.Cell(record.Strategy ?? "-")} |",
            $"| backup | {GitHubActions.Cell(record.BackupId ?? "-")} |",
            $"| migrations applied | {(record.MigrationsApplied.Count == 0 ? "none" : string.Join(", ", record.MigrationsApplied))} |",
            $"| approval | {GitHubActions.Cell(record.Approval is { } a ? $"{a.How} by {a.By}" : "not required")} |",
            $"| by | {GitHubActions.Cell(record.Who)} |",
            $"| record | {GitHubActions.Cell(record.Id)} |",
        };
        if (record.Targets.Count > 0)
        {
            lines.AddRange([string.Empty, "| target | from | to | outcome | detail |", "|---|---|---|---|---|"]);
            lines.AddRange(record.Targets.Select(t =>
                $"| {GitHubActions.Cell(t.Target)} | {GitHubActions.Cell(t.From ?? "-")} | {GitHubActions.Cell(t.To ?? "-")} | {GitHubActions.Cell(t.Status)} | {GitHubActions.Cell(t.Detail ?? string.Empty)} |"));
        }

        actions.SetOutput("deployed-version", record.Status == DeploymentStatus.Succeeded ? record.ToVersion ?? string.Empty : record.FromVersion ?? string.Empty);
        actions.AppendSummary(string.Join('\n', lines) + "\n");
    }

    private static string Outcome(DeploymentStatus status) => status switch
    {
        DeploymentStatus.Succeeded => "succeeded",
        DeploymentStatus.RolledBack => "failed, rolled back",
        DeploymentStatus.Failed => "failed",
        DeploymentStatus.Interrupted => "interrupted",
        _ => "started",
    };
}
