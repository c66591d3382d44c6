using System.Reflection;
using Cake.Core.Diagnostics;
using Cake.Frosting;
using Pipeline.Core.Quality;

namespace Pipeline.Build.Tasks;

[TaskName(nameof(Test))]
[TaskDescription("Runs the test projects with coverage: TRX, Cobertura and an HTML report under artifacts/; fails below the coverage threshold.")]
[IsDependentOn(typeof(Lint))]
public sealed class Test : AsyncFrostingTask<BuildContext>
{
    public override async Task RunAsync(BuildContext context)
    {
        var service = new TestService(context.Runner, context.Paths.Root, ReportGeneratorDll());
        var report = await service.RunAsync(context.Quality, context.Paths.Artifacts, line => context.Log.Information(line)).ConfigureAwait(false);

        foreach (var project in report.Projects)
        {
            context.Log.Information("{0}: {1}  ({2})", project.Project, project.Passed ? "passed" : "FAILED", project.TrxFile);
        }

        context.Log.Information("Coverage: {0}; threshold {1}% line", report.Coverage, report.Threshold);
        context.Log.Information("Reports: {0}, {1}", report.CoberturaFile, report.HtmlReport);

        if (!report.TestsPassed)
        {
            throw new InvalidOperationException($"Tests failed in: {string.Join(", ", report.Projects.Where(p => !p.Passed).Select(p => p.Project))}.");
        }

        if (!report.CoverageMet)
        {
            throw new InvalidOperationException($"Line coverage {report.Coverage.LinePercent:F1}% is below the threshold of {report.Threshold}% (config/quality.json: coverageThreshold).");
        }
    }

    private static string ReportGeneratorDll() =>
        typeof(Test).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ReportGenerator").Value!;
}
