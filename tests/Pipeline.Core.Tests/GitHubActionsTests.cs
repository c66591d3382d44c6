using Pipeline.Core.Artifacts;
using Pipeline.Core.Ci;
using Pipeline.Core.Deployment;
using Pipeline.Core.Quality;
using Pipeline.Core.Reports;

namespace Pipeline.Core.Tests;

/// <summary>GitHub Actions' files and commands, with GITHUB_OUTPUT and GITHUB_STEP_SUMMARY pointed at temporary files.</summary>
public sealed class GitHubActionsTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("github-actions-").FullName;
    private readonly StringWriter stdout = new();
    private readonly Dictionary<string, string> variables = new() { [GitHubActions.ActionsVariable] = "true" };

    public GitHubActionsTests()
    {
        variables[GitHubActions.OutputVariable] = OutputFile;
        variables[GitHubActions.SummaryVariable] = SummaryFile;
    }

    private string OutputFile => Path.Combine(directory, "output");

    private string SummaryFile => Path.Combine(directory, "summary.md");

    private GitHubActions Actions => new(name => variables.GetValueOrDefault(name), stdout);

    [Fact]
    public void An_annotation_escapes_what_would_end_its_properties_or_message_and_starts_with_the_command()
    {
        var annotation = GitHubActions.Annotation("error", "a,b:c.cs", 3, 4, "Ns.Test(x: 1, y: 2)", "50% off\nnext line");

        Assert.Equal("::error file=a%2Cb%3Ac.cs,line=3,col=4,title=Ns.Test(x%3A 1%2C y%3A 2)::50%25 off%0Anext line", annotation);
    }

    [Fact]
    public void Lint_findings_are_written_as_annotations_on_standard_output_with_no_colour_codes()
    {
        Actions.Error("src/A.cs", 12, 5, "CA1822", "Member 'X' does not access instance data");

        Assert.Equal("::error file=src/A.cs,line=12,col=5,title=CA1822::Member 'X' does not access instance data" + Environment.NewLine, stdout.ToString());
        Assert.Equal(
            "::warning file=.github/workflows/ci-cd.yml,line=7,col=81,title=line-length::line too long",
            new Finding(".github/workflows/ci-cd.yml", 7, 81, FindingSeverity.Warning, "line-length", "line too long").ToGitHubAnnotation());
    }

    [Fact]
    public void Outputs_are_appended_one_a_line_and_a_value_over_lines_with_a_delimiter()
    {
        Actions.SetOutput("version", "2026.11.30-abc1234");
        Actions.SetOutput("notes", "one\ntwo");

        var lines = File.ReadAllLines(OutputFile);
        Assert.Equal((byte)'v', File.ReadAllBytes(OutputFile)[0]);
        Assert.Equal("version=2026.11.30-abc1234", lines[0]);
        Assert.Matches("^notes<<(ghadelimiter_[0-9a-f]{32})$", lines[1]);
        Assert.Equal(["one", "two", lines[1]["notes<<".Length..]], lines[2..]);
    }

    [Fact]
    public void Build_gives_the_version_and_the_archive_sha256_as_outputs_and_a_summary()
    {
        var manifest = new ArtifactManifest(
            "2026.11.30-abc1234", "abc1234", "main", false, DateTimeOffset.UnixEpoch, "ci",
            new ManifestArchive("trading-app-2026.11.30-abc1234.tar.gz", new string('a', 64), 123456), []);

        RunReports.Build(Actions, manifest, "s3://trading-pipeline-artifacts/artifacts/");

        Assert.Equal(["version=2026.11.30-abc1234", $"sha256={new string('a', 64)}"], File.ReadAllLines(OutputFile));
        var summary = File.ReadAllText(SummaryFile);
        Assert.Equal((byte)'#', File.ReadAllBytes(SummaryFile)[0]);
        Assert.Contains("### Build: 2026.11.30-abc1234", summary, StringComparison.Ordinal);
        Assert.Contains($"| sha256 | `{new string('a', 64)}` |", summary, StringComparison.Ordinal);
        Assert.Contains("| archive | `trading-app-2026.11.30-abc1234.tar.gz`, 123,456 bytes |", summary, StringComparison.Ordinal);
        Assert.Contains("| artifact store | s3://trading-pipeline-artifacts/artifacts/ |", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Deploy_summary_is_the_deployment_report_with_the_live_version_as_output_and_secrets_masked()
    {
        var report = DeploymentReportSamples.RolledBack() with { Summary = "Deploy of staging failed at cut-over [app-1] (token s3cr3t-token); 2026.11.29-aaaaaaa serves again." };

        RunReports.Deploy(Actions, report, text => text.Replace("s3cr3t-token", "****", StringComparison.Ordinal));

        var summary = File.ReadAllText(SummaryFile);
        Assert.StartsWith("### Deploy of staging: failed, rolled back", summary, StringComparison.Ordinal);
        Assert.Contains("| version | 2026.11.29-aaaaaaa → 2026.11.30-bbbbbbb |", summary, StringComparison.Ordinal);
        Assert.Contains("| backup taken before | backup-1 |", summary, StringComparison.Ordinal);
        Assert.Contains("| app-1 | deploy@10.0.0.11:22:/srv/trading (http://10.0.0.11:8080/) | 2026.11.29-aaaaaaa | 2026.11.30-bbbbbbb | rolled back | /health answered 503 |", summary, StringComparison.Ordinal);
        Assert.Contains("(token ****)", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t-token", summary, StringComparison.Ordinal);
        Assert.Equal(["deployed-version=2026.11.29-aaaaaaa"], File.ReadAllLines(OutputFile));
    }

    [Fact]
    public void The_run_url_is_made_from_the_server_repository_and_run_id()
    {
        variables["GITHUB_SERVER_URL"] = "https://github.example";
        variables["GITHUB_REPOSITORY"] = "acme/pipeline";
        variables["GITHUB_RUN_ID"] = "987";

        Assert.Equal("https://github.example/acme/pipeline/actions/runs/987", Actions.RunUrl);
    }

    [Fact]
    public void Lint_summary_lists_each_check_and_its_findings()
    {
        var report = new LintReport([
            new LintCheck("format", true, []),
            new LintCheck("workflows", false, [new Finding(".github/workflows/ci-cd.yml", 9, 3, FindingSeverity.Error, "job-needs", "job \"a\" needs job \"b\" which does not exist in this workflow")]),
        ]);

        Actions.AppendSummary(LintSummary.Markdown(report));

        var summary = File.ReadAllText(SummaryFile);
        Assert.Contains("### Lint: failed", summary, StringComparison.Ordinal);
        Assert.Contains("| workflows | failed | 1 |", summary, StringComparison.Ordinal);
        Assert.Contains("- `.github/workflows/ci-cd.yml:9: job-needs: job \"a\" needs job \"b\" which does not exist in this workflow`", summary, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        stdout.Dispose();
        Directory.Delete(directory, recursive: true);
    }
}
