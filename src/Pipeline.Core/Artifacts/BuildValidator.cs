using Pipeline.Core.Database;
using Pipeline.Core.Hosting;

namespace Pipeline.Core.Artifacts;

/// <summary>The outcome of validating an artifact before anything may deploy it.</summary>
public sealed record BuildValidation(IReadOnlyList<string> ManifestProblems, HealthResult? Health)
{
    public bool Passed => ManifestProblems.Count == 0 && Health?.Healthy == true;
}

/// <summary>
/// Validates a built artifact: it must verify against its manifest, and the app started from the archive
/// must answer /health. The smoke start uses a scratch SQLite database, so an artifact built for an
/// environment with a server database can be checked without touching that server.
/// </summary>
public static class BuildValidator
{
    public static async Task<BuildValidation> ValidateAsync(ArtifactLayout layout, Action<string> progress, CancellationToken cancellationToken = default)
    {
        var scratch = Directory.CreateTempSubdirectory("pipeline-validate-").FullName;
        try
        {
            var appDirectory = Path.Combine(scratch, "app");
            var problems = ArtifactVerifier.Verify(layout, appDirectory);
            progress(problems.Count == 0
                ? $"validate: {layout.ArchiveName} verifies against {layout.ManifestPath}"
                : $"validate: {problems.Count} manifest problem(s)");
            if (problems.Count > 0)
            {
                return new BuildValidation(problems, null);
            }

            var dataDirectory = Path.Combine(scratch, "data");
            new SqliteMigrator(Path.Combine(dataDirectory, "validate.db"), Path.Combine(appDirectory, "migrations"), "validate-build").Apply(progress);
            var section = AppDefinition.TradingApp.SettingsSection;
            var smokeSettings = new Dictionary<string, string>
            {
                [$"{section}__database__engine"] = "sqlite",
                [$"{section}__database__path"] = "validate.db",
            };
            using var app = AppProcess.Start(appDirectory, FreePort.Next(), dataDirectory, smokeSettings);
            using var http = new HttpClient();
            var health = await new HealthProbe(http)
                .WaitAsync(new Uri(app.BaseAddress, "health"), retries: 60, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(60), () => app.HasExited, cancellationToken)
                .ConfigureAwait(false);
            app.Stop(TimeSpan.FromSeconds(10));
            progress($"validate: the app from the archive answered /health after {health.Attempts} attempt(s): {(health.Healthy ? "healthy" : health.Detail)}");
            if (!health.Healthy)
            {
                progress(string.Join(Environment.NewLine, app.Output.TakeLast(20)));
            }

            return new BuildValidation([], health);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }
}
