using System.Globalization;
using Pipeline.Core.Artifacts;
using Pipeline.Core.Deployment;
using Pipeline.Core.Reports;

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

    /// <summary>
    /// Deploy or rollback: output <c>deployed-version</c> (what serves now) and the deployment report as the summary
    /// (outcome, versions, plan with timings, stages, hosts, backups, audit head), its secrets masked by <paramref name="mask"/>.
    /// </summary>
    public static void Deploy(GitHubActions actions, DeploymentReport report, Func<string, string> mask)
    {
        var record = report.Record;
        actions.SetOutput("deployed-version", record.Status == DeploymentStatus.Succeeded ? record.ToVersion ?? string.Empty : record.FromVersion ?? string.Empty);
        actions.AppendSummary(mask(DeploymentReportMarkdown.Render(report)));
    }
}
