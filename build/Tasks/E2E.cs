using Cake.Core.Diagnostics;
using Cake.Frosting;
using Pipeline.Build.Infrastructure;
using Pipeline.Core.Configuration;
using Pipeline.E2E;

namespace Pipeline.Build.Tasks;

[TaskName(nameof(E2E))]
[TaskDescription("Runs the app on loopback and drives headless Chromium through a trader's journey.")]
[UsesNoEnvironment]
[IsDependentOn(typeof(Test))]
public sealed class E2E : AsyncFrostingTask<BuildContext>
{
    public override async Task RunAsync(BuildContext context)
    {
        var development = new EnvironmentLoader(context.Catalog).Load(DefaultEnvironment.Fallback);
        var settings = RuntimeSettingsWriter.Write(development, context.Paths.GeneratedConfig(DefaultEnvironment.Fallback));
        var request = new E2ERequest(
            context.Paths.AppProject,
            settings,
            development.Database.Path!,
            context.Paths.E2EResults,
            "0.0.0-e2e",
            new BrowserOptions(),
            StepTimeout: TimeSpan.FromSeconds(20),
            StartupDeadline: TimeSpan.FromSeconds(60));

        var report = await new E2ERunner(context.Runner, context.Paths.Root)
            .RunAsync(request, line => context.Log.Information(line))
            .ConfigureAwait(false);

        context.Log.Information("Results: {0}", report.JUnitFile);
        if (!report.Passed)
        {
            foreach (var file in report.Evidence)
            {
                context.Log.Error("Evidence: {0}", file);
            }

            var failed = report.Steps.First(s => !s.Passed);
            throw new InvalidOperationException($"E2E failed at \"{failed.Name}\": {failed.Failure} (app log: {report.AppLog}).");
        }
    }
}
