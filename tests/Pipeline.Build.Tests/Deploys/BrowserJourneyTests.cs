using Pipeline.Core.Database;
using Pipeline.Core.Hosting;
using Pipeline.E2E;

namespace Pipeline.Build.Tests.Deploys;

/// <summary>The trader's journey in a real headless Chromium against the real app, and what a broken page leaves behind.</summary>
[Collection(DeployTestGroup.Name)]
public sealed class BrowserJourneyTests(ReleaseArtifacts artifacts) : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("pipeline-journey-").FullName;

    [Fact]
    public void The_journey_passes_against_the_published_app()
    {
        var steps = Walk(artifacts.CopyOfPublished(ReleaseArtifacts.V1));

        Assert.Equal(
            ["the page loads", "quotes appear", "an order is placed", "the order shows in the list", "a bad order shows its error"],
            steps.Select(s => s.Name));
        Assert.All(steps, s => Assert.True(s.Passed, s.Failure));
    }

    [Fact]
    public void A_broken_order_form_fails_the_journey_and_leaves_a_screenshot_the_html_and_the_console_log()
    {
        var app = artifacts.CopyOfPublished(ReleaseArtifacts.V1);
        var page = Path.Combine(app, "wwwroot", "index.html");
        File.WriteAllText(page, File.ReadAllText(page).Replace("id=\"submit-order\"", "id=\"submit\"", StringComparison.Ordinal));
        var evidence = Path.Combine(scratch, "evidence");

        var steps = Walk(app, evidence);

        var failed = Assert.Single(steps, s => !s.Passed);
        Assert.Equal("an order is placed", failed.Name);
        Assert.True(new FileInfo(Path.Combine(evidence, "failure.png")).Length > 1000);
        Assert.Contains("order-form", File.ReadAllText(Path.Combine(evidence, "failure.html")));
        Assert.True(File.Exists(Path.Combine(evidence, "browser-console.log")));
    }

    private IReadOnlyList<StepResult> Walk(string appDirectory, string? evidence = null)
    {
        var data = Path.Combine(scratch, "data-" + Guid.NewGuid().ToString("N"));
        new SqliteMigrator(Path.Combine(data, "trading.db"), Path.Combine(appDirectory, "migrations"), "tests").Apply();
        using var app = AppProcess.Start(appDirectory, FreePort.Next(), data);
        using var http = new HttpClient();
        var health = new HealthProbe(http).WaitAsync(new Uri(app.BaseAddress, "health"), 60, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(60), () => app.HasExited).GetAwaiter().GetResult();
        Assert.True(health.Healthy, health.Detail);

        using var browser = new BrowserSession(new BrowserOptions());
        var steps = new TradingJourney(browser.Driver, app.BaseAddress, TimeSpan.FromSeconds(15)).Run(_ => { });
        if (evidence is not null)
        {
            FailureEvidence.Capture(browser, evidence);
        }

        return steps;
    }

    public void Dispose() => Directory.Delete(scratch, recursive: true);
}
