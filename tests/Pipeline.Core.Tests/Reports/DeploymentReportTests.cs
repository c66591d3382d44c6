using System.Text.RegularExpressions;
using System.Xml.Linq;
using Pipeline.Core.Deployment;
using Pipeline.Core.Reports;

namespace Pipeline.Core.Tests;

public sealed class DeploymentReportTests
{
    [Fact]
    public void The_markdown_has_the_plan_with_timings_the_stages_the_hosts_the_backups_and_the_audit_head()
    {
        var markdown = DeploymentReportMarkdown.Render(DeploymentReportSamples.RolledBack());

        Assert.Contains("| +4.2 s | step 2/3: backup: take backup-1 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| +61.5 s | step 3/3: cut-over [app-1]: switch and check health |", markdown, StringComparison.Ordinal);
        Assert.Contains("| ValidateBuild | 12.3 s | succeeded |", markdown, StringComparison.Ordinal);
        Assert.Contains("| Deploy | 2 min 5 s | failed |", markdown, StringComparison.Ordinal);
        Assert.Contains("| took | 2 min 5 s |", markdown, StringComparison.Ordinal);
        Assert.Contains("| migrations applied | 3 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| audit head | audit head 17 sha256:abc123 hmac:def456 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| CI run | https://github.example/acme/pipeline/actions/runs/987 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| reason | /health answered 503 <after> the switch |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void The_html_file_is_one_well_formed_page_with_no_script_and_nothing_fetched_from_elsewhere()
    {
        var html = DeploymentReportHtml.Render(DeploymentReportSamples.RolledBack());

        var document = XDocument.Parse(Regex.Replace(html, "^<!DOCTYPE html>", string.Empty));
        Assert.Equal("Deploy of staging: failed, rolled back", document.Descendants("title").Single().Value);
        Assert.Empty(document.Descendants("script"));
        Assert.Empty(document.Descendants("link"));
        Assert.DoesNotContain(document.Descendants(), e => e.Attribute("src") is not null || e.Attribute("href") is not null);
        Assert.Contains("/health answered 503 &lt;after&gt; the switch", html, StringComparison.Ordinal);
        var cells = document.Descendants("td").Select(td => td.Value).ToList();
        Assert.Contains("step 3/3: cut-over [app-1]: switch and check health", cells);
        Assert.Contains("deploy@10.0.0.11:22:/srv/trading (http://10.0.0.11:8080/)", cells);
        Assert.Contains("backup-1", cells);
        Assert.Contains("audit head 17 sha256:abc123 hmac:def456", cells);
    }

    [Fact]
    public void A_database_rollback_reports_its_safety_backup_and_the_rows_saved_for_reconciliation()
    {
        var sample = DeploymentReportSamples.RolledBack();
        var report = sample with
        {
            Record = sample.Record with
            {
                Kind = DeploymentKind.Rollback,
                Status = DeploymentStatus.Succeeded,
                SafetyBackupId = "backup-2",
                ReconciliationFile = "reconciliation/staging/r1.json",
                ReconciledRows = 4,
            },
            Steps = [],
        };

        var markdown = DeploymentReportMarkdown.Render(report);

        Assert.StartsWith("### Rollback of staging: succeeded", markdown, StringComparison.Ordinal);
        Assert.Contains("| safety backup (what the restore replaced) | backup-2 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| rows saved for reconciliation | 4 in reconciliation/staging/r1.json |", markdown, StringComparison.Ordinal);
        Assert.Contains("No step of the plan ran.", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("| reason |", markdown, StringComparison.Ordinal);
    }
}
