using Pipeline.Core.Artifacts;
using Pipeline.Core.Configuration;
using Pipeline.Core.Database;
using Pipeline.Core.Hosting;
using Pipeline.Core.Processes;

namespace Pipeline.E2E;

/// <summary>
/// Publishes the app, starts it on a free loopback port with development settings and a fresh database,
/// waits for /health, walks the trading journey in Chromium, and always stops the app afterwards.
/// </summary>
public sealed class E2ERunner(ICommandRunner runner, string root)
{
    public const string SuiteName = "TradingApp.E2E";

    public async Task<E2EReport> RunAsync(E2ERequest request, Action<string> progress, CancellationToken cancellationToken = default)
    {
        ResetDirectory(request.ResultsDirectory);
        var appDirectory = Path.Combine(request.ResultsDirectory, "app");
        var dataDirectory = Path.Combine(request.ResultsDirectory, "data");
        var junit = Path.Combine(request.ResultsDirectory, "junit.xml");
        var appLog = Path.Combine(request.ResultsDirectory, "app.log");
        request.Browser.EnsureInstalled();

        await new AppPublisher(runner, root).PublishAsync(request.AppProject, appDirectory, request.Version, progress, cancellationToken).ConfigureAwait(false);
        File.Copy(request.SettingsFile, Path.Combine(appDirectory, RuntimeSettingsWriter.FileName), overwrite: true);
        new SqliteMigrator(Path.Combine(dataDirectory, request.DatabaseFile), Path.Combine(appDirectory, "migrations"), "e2e").Apply(progress);

        var port = FreePort.Next();
        using var app = AppProcess.Start(appDirectory, port, dataDirectory);
        try
        {
            progress($"e2e: app started (pid {app.Id}) on {app.BaseAddress}; waiting for /health");
            using var http = new HttpClient();
            var health = await new HealthProbe(http)
                .WaitAsync(new Uri(app.BaseAddress, "health"), retries: 60, TimeSpan.FromMilliseconds(500), request.StartupDeadline, () => app.HasExited, cancellationToken)
                .ConfigureAwait(false);
            if (!health.Healthy)
            {
                var failed = new StepResult("the app becomes healthy", false, TimeSpan.Zero, health.Detail);
                JUnitReport.Write(junit, SuiteName, [failed]);
                return new E2EReport([failed], junit, appLog, []);
            }

            return RunJourney(request, app.BaseAddress, junit, appLog, progress);
        }
        finally
        {
            app.Stop(TimeSpan.FromSeconds(10));
            await File.WriteAllLinesAsync(appLog, app.Output, cancellationToken).ConfigureAwait(false);
            progress($"e2e: app stopped; its log is {appLog}");
        }
    }

    private static E2EReport RunJourney(E2ERequest request, Uri baseAddress, string junit, string appLog, Action<string> progress)
    {
        using var browser = new BrowserSession(request.Browser);
        var steps = new TradingJourney(browser.Driver, baseAddress, request.StepTimeout).Run(progress);
        JUnitReport.Write(junit, SuiteName, steps);
        var evidence = steps.All(s => s.Passed) ? [] : FailureEvidence.Capture(browser, request.ResultsDirectory);
        return new E2EReport(steps, junit, appLog, evidence);
    }

    private static void ResetDirectory(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }

        Directory.CreateDirectory(path);
    }
}
