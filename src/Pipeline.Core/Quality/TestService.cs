using Pipeline.Core.Processes;

namespace Pipeline.Core.Quality;

/// <summary>
/// Runs the test projects with coverlet, writes TRX per project, merges coverage with ReportGenerator
/// into Cobertura, HTML and a text summary, and reads the merged figures.
/// </summary>
public sealed class TestService(ICommandRunner runner, string root, string reportGeneratorDll)
{
    public async Task<TestReport> RunAsync(QualitySettings settings, string artifacts, Action<string> progress, CancellationToken cancellationToken = default)
    {
        var resultsRoot = Path.Combine(artifacts, "test-results");
        var coverageDirectory = Path.Combine(artifacts, "coverage");
        ResetDirectory(resultsRoot);
        ResetDirectory(coverageDirectory);

        var projects = new List<TestProjectResult>();
        foreach (var project in settings.TestProjects)
        {
            projects.Add(await RunProjectAsync(project, settings, resultsRoot, progress, cancellationToken).ConfigureAwait(false));
        }

        var reports = Directory.GetFiles(resultsRoot, "coverage.cobertura.xml", SearchOption.AllDirectories);
        if (reports.Length == 0)
        {
            throw new InvalidOperationException($"No coverage was collected under {resultsRoot}; did every test project reference coverlet.collector?");
        }

        var merge = new Command("dotnet", [
            reportGeneratorDll,
            $"-reports:{string.Join(';', reports)}",
            $"-targetdir:{coverageDirectory}",
            "-reporttypes:Cobertura;Html;TextSummary",
            "-verbosity:Warning",
        ], root);
        var merged = await runner.RunAsync(merge, progress, cancellationToken).ConfigureAwait(false);
        if (merged.ExitCode != 0)
        {
            throw new InvalidOperationException($"ReportGenerator exited with code {merged.ExitCode}: {string.Join(Environment.NewLine, merged.Output.TakeLast(10))}");
        }

        var cobertura = Path.Combine(coverageDirectory, "Cobertura.xml");
        return new TestReport(projects, CoverageSummary.FromCobertura(cobertura), settings.CoverageThreshold, cobertura, Path.Combine(coverageDirectory, "index.html"));
    }

    private async Task<TestProjectResult> RunProjectAsync(string project, QualitySettings settings, string resultsRoot, Action<string> progress, CancellationToken cancellationToken)
    {
        var name = Path.GetFileNameWithoutExtension(project);
        var results = Path.Combine(resultsRoot, name);
        var include = string.Join(',', settings.CoverageInclude);
        var command = new Command("dotnet", [
            "test", project,
            "--configuration", "Release",
            "--nologo",
            "--logger", $"trx;LogFileName={name}.trx",
            "--logger", "console;verbosity=normal",
            "--results-directory", results,
            "--collect", "XPlat Code Coverage",
            "--",
            "DataCollectionRunSettings.DataCollectors.DataCollector.Configuration.Format=cobertura",
            $"DataCollectionRunSettings.DataCollectors.DataCollector.Configuration.Include={include}",

            // Not CompilerGeneratedAttribute: coverlet 8.0.1 then fails to instrument assemblies whose local functions hold lambdas.
            "DataCollectionRunSettings.DataCollectors.DataCollector.Configuration.ExcludeByAttribute=GeneratedCodeAttribute",
            "DataCollectionRunSettings.DataCollectors.DataCollector.Configuration.ExcludeByFile=**/obj/**",
        ], root);
        progress($"test: {command}");
        var result = await runner.RunAsync(command, progress, cancellationToken).ConfigureAwait(false);
        return new TestProjectResult(project, result.ExitCode == 0, Path.Combine(results, $"{name}.trx"));
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
