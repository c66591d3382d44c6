using System.Reflection;
using Cake.Core.Diagnostics;
using Cake.Frosting;
using Pipeline.Build.Infrastructure;
using Pipeline.Core.Ci;
using Pipeline.Core.Quality;

namespace Pipeline.Build.Tasks;

[TaskName(nameof(Test))]
[TaskDescription("Runs the test projects with coverage; shows failures and counts (--fast: only the fast unit tests).")]
[UsesNoEnvironment]
[ReadsArguments(ArgumentNames.Fast)]
[IsDependentOn(typeof(Lint))]
public sealed class Test : AsyncFrostingTask<BuildContext>
{
    public override async Task RunAsync(BuildContext context)
    {
        var fast = context.HasFlag(ArgumentNames.Fast);
        var steps = new StepProgress(line => context.Log.Information("{0}", line), GitHubActions.Current, StepProgress.DefaultHeartbeat);
        var service = new TestService(context.Runner, context.Paths.Root, ReportGeneratorDll(), steps);
        var report = await (fast
            ? service.RunFastAsync(context.Quality, context.Paths.Artifacts, line => context.Log.Information(line))
            : service.RunAsync(context.Quality, context.Paths.Artifacts, line => context.Log.Information(line))).ConfigureAwait(false);

        TestSummary.Publish(GitHubActions.Current, report);
        foreach (var line in TestSummary.LogLines(report))
        {
            context.Log.Information(line);
        }

        if (!report.Complete)
        {
            throw new InvalidOperationException($"Tests did not run in: {string.Join(", ", report.Projects.Where(p => !p.Passed && p.Outcome != TestProjectOutcome.Failed).Select(p => p.ToString()))}; no coverage was merged.");
        }

        if (!report.TestsPassed)
        {
            throw new InvalidOperationException($"Tests failed in: {string.Join(", ", report.Projects.Where(p => !p.Passed).Select(p => p.Name))} ({report.Summary}).");
        }

        if (fast)
        {
            return;
        }

        if (!report.CoverageMet)
        {
            throw new InvalidOperationException($"Line coverage {report.Coverage!.LinePercent:F1}% is below the threshold of {report.Threshold}% (config/quality.json: coverageThreshold).");
        }
    }

    private static string ReportGeneratorDll() =>
        typeof(Test).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ReportGenerator").Value!;
}
