using Cake.Core.Diagnostics;
using Cake.Frosting;
using Pipeline.Build.Infrastructure;
using Pipeline.Core.Ci;
using Pipeline.Core.Quality;

namespace Pipeline.Build.Tasks;

[TaskName(nameof(Lint))]
[TaskDescription("Checks formatting, builds with analyzers (warnings as errors), lints the YAML and the workflows.")]
[UsesNoEnvironment]
public sealed class Lint : AsyncFrostingTask<BuildContext>
{
    public override async Task RunAsync(BuildContext context)
    {
        var actions = GitHubActions.Current;
        var steps = new StepProgress(line => context.Log.Information("{0}", line), actions, StepProgress.DefaultHeartbeat);
        var report = await new LintService(context.Runner, context.Paths.Root, steps)
            .RunAsync(context.Quality, line => context.Log.Information("{0}", line))
            .ConfigureAwait(false);

        foreach (var finding in report.Findings)
        {
            context.Log.Error(finding.ToString());
            if (actions.IsActive)
            {
                Console.Out.WriteLine(finding.ToGitHubAnnotation());
            }
        }

        foreach (var check in report.Checks)
        {
            context.Log.Information("{0}: {1}{2}", check.Name, check.Passed ? "passed" : "FAILED", check.Findings.Count > 0 ? $" ({check.Findings.Count} finding(s))" : string.Empty);
            if (check.Failure is not null)
            {
                context.Log.Error(check.Failure);
            }
        }

        actions.AppendSummary(LintSummary.Markdown(report));
        if (!report.Passed)
        {
            throw new InvalidOperationException($"Lint failed: {string.Join(", ", report.Checks.Where(c => !c.Passed).Select(c => c.Name))}; findings are listed above as file:line: message.");
        }
    }
}
