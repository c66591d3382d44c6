using Pipeline.Core.Ci;
using Pipeline.Core.Processes;

namespace Pipeline.Core.Quality;

/// <summary>
/// Runs the test projects with coverlet, writes TRX per project, and, when every project ran, merges coverage with
/// ReportGenerator into Cobertura, HTML and a text summary and reads the merged figures. What it reports comes from
/// the TRX files (counts and failures), never from the names of passing tests scrolling by.
/// </summary>
public sealed class TestService(ICommandRunner runner, string root, string reportGeneratorDll, StepProgress? steps = null)
{
    private const int LinesKeptOfAFailedRun = 20;

    /// <summary>Runs every test project with coverage and merges it when every project ran.</summary>
    public async Task<TestReport> RunAsync(QualitySettings settings, string artifacts, Action<string> progress, CancellationToken cancellationToken = default)
    {
        var resultsRoot = Path.Combine(artifacts, "test-results");
        var coverageDirectory = Path.Combine(artifacts, "coverage");
        ResetDirectory(resultsRoot);
        ResetDirectory(coverageDirectory);

        var projects = new List<TestProjectResult>();
        foreach (var project in settings.TestProjects)
        {
            var result = await RunProjectAsync(project, settings, resultsRoot, null, progress, cancellationToken).ConfigureAwait(false);
            projects.Add(result);
        }

        if (projects.Any(p => p.Outcome is TestProjectOutcome.DidNotBuild or TestProjectOutcome.DidNotRun))
        {
            progress("Coverage: not merged, because not every test project ran.");
            return new TestReport(projects, null, settings.CoverageThreshold, null, null);
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

    /// <summary>
    /// Runs the fast unit tests (<see cref="QualitySettings.Fast"/>): their projects with their filter, no coverage
    /// collected or merged.
    /// </summary>
    public async Task<TestReport> RunFastAsync(QualitySettings settings, string artifacts, Action<string> progress, CancellationToken cancellationToken = default)
    {
        var fast = settings.Fast ?? throw new InvalidOperationException(
            "config/quality.json: fast: missing; expected { \"testProjects\": [...], \"filter\": \"<a dotnet test --filter expression>\" } naming the fast unit tests.");
        var resultsRoot = Path.Combine(artifacts, "test-results");
        ResetDirectory(resultsRoot);

        var projects = new List<TestProjectResult>();
        foreach (var project in fast.TestProjects)
        {
            var result = await RunProjectAsync(project, settings, resultsRoot, fast.Filter, progress, cancellationToken).ConfigureAwait(false);
            projects.Add(result);
        }

        return new TestReport(projects, null, settings.CoverageThreshold, null, null) { Filter = fast.Filter };
    }

    private async Task<TestProjectResult> RunProjectAsync(string project, QualitySettings settings, string resultsRoot, string? filter, Action<string> progress, CancellationToken cancellationToken)
    {
        var name = Path.GetFileNameWithoutExtension(project);
        var results = Path.Combine(resultsRoot, name);
        var trx = Path.Combine(results, $"{name}.trx");
        var command = new Command("dotnet", [
            "test", project,
            "--configuration", "Release",
            "--nologo",

            // Quiet build and console: the log shows the compiler's errors, then counts and failures read from the TRX file.
            "--verbosity", "quiet",
            "--logger", $"trx;LogFileName={name}.trx",
            "--logger", "console;verbosity=quiet",
            "--results-directory", results,
            .. filter is { Length: > 0 } ? ["--filter", filter] : CoverageArguments(string.Join(',', settings.CoverageInclude)),
        ], root);
        var run = await (steps ?? StepProgress.Plain(progress))
            .RunAsync($"{name}: {command}", () => runner.RunAsync(command, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (File.Exists(trx))
        {
            var read = TrxResults.Read(trx, root);
            var outcome = run.ExitCode == 0 && read.Failed == 0 ? TestProjectOutcome.Passed : TestProjectOutcome.Failed;
            var problems = outcome == TestProjectOutcome.Failed && read.Failed == 0 ? run.Output.TakeLast(LinesKeptOfAFailedRun).ToList() : [];
            return new TestProjectResult(project, outcome, trx, read, problems);
        }

        var errors = DiagnosticParser.Parse(run.Output, root).Where(f => f.Severity == FindingSeverity.Error).Select(f => f.ToString()).ToList();
        return errors.Count > 0
            ? new TestProjectResult(project, TestProjectOutcome.DidNotBuild, trx, TrxResults.Empty, errors)
            : new TestProjectResult(project, TestProjectOutcome.DidNotRun, trx, TrxResults.Empty, run.Output.TakeLast(LinesKeptOfAFailedRun).ToList());
    }

    private static string[] CoverageArguments(string include) =>
    [
        "--collect", "XPlat Code Coverage",
        "--",
        "DataCollectionRunSettings.DataCollectors.DataCollector.Configuration.Format=cobertura",
        $"DataCollectionRunSettings.DataCollectors.DataCollector.Configuration.Include={include}",

        // Not CompilerGeneratedAttribute: coverlet 8.0.1 then fails to instrument assemblies whose local functions hold lambdas.
        "DataCollectionRunSettings.DataCollectors.DataCollector.Configuration.ExcludeByAttribute=GeneratedCodeAttribute",
        "DataCollectionRunSettings.DataCollectors.DataCollector.Configuration.ExcludeByFile=**/obj/**",
    ];

    private static void ResetDirectory(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }

        Directory.CreateDirectory(path);
    }
}
