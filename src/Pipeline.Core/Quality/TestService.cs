using Pipeline.Core.Ci;
using Pipeline.Core.Processes;

namespace Pipeline.Core.Quality;

/// <summary>
/// Runs the test projects with coverlet, writes TRX per test process (<see cref="TestRun"/>), and, when every project ran, merges coverage with
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

        var projects = await RunProjectsAsync(settings.TestProjects, settings, resultsRoot, null, progress, cancellationToken).ConfigureAwait(false);
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

        var projects = await RunProjectsAsync(fast.TestProjects, settings, resultsRoot, fast.Filter, progress, cancellationToken).ConfigureAwait(false);
        return new TestReport(projects, null, settings.CoverageThreshold, null, null) { Filter = fast.Filter };
    }

    /// <summary>
    /// Builds the projects one after another (they share the projects they reference, and two builds writing one obj/
    /// directory break each other), then runs the ones that built side by side with <c>--no-build</c>, each project,
    /// or each part of one whose namespaces run apart (<see cref="QualitySettings.RunApart"/>), in its own process,
    /// so the short projects finish while the long one runs. It saves what waiting the projects do, not processor time.
    /// With coverage, each part runs from its own copy of the project's output (<see cref="PartOutput"/>).
    /// </summary>
    private async Task<IReadOnlyList<TestProjectResult>> RunProjectsAsync(IReadOnlyList<string> projects, QualitySettings settings, string resultsRoot, string? filter, Action<string> progress, CancellationToken cancellationToken)
    {
        foreach (var apart in settings.RunApart.Keys.Where(k => !projects.Contains(k) && !settings.TestProjects.Contains(k)))
        {
            throw new InvalidOperationException($"config/quality.json: runApart: \"{apart}\" is not one of testProjects ({string.Join(", ", settings.TestProjects)}); expected the path of a test project listed there.");
        }

        var step = steps ?? StepProgress.Plain(progress);
        var builds = new Dictionary<string, TestProjectResult?>();
        foreach (var project in projects)
        {
            builds[project] = await BuildAsync(project, step, cancellationToken).ConfigureAwait(false);
        }

        var runs = TestRun.Plan([.. projects.Where(p => builds[p] is null)], settings.RunApart, filter);
        var running = new HashSet<string>(runs.Select(r => r.Name));
        var results = runs.Count == 0 ? [] : await step.RunAsync(
            $"Tests: {string.Join(", ", running)} side by side",
            () => Task.WhenAll(runs.Select(async run =>
            {
                var started = DateTimeOffset.UtcNow;
                var result = await RunAsync(run, settings, resultsRoot, coverage: filter is null, cancellationToken).ConfigureAwait(false);
                lock (running)
                {
                    running.Remove(run.Name);
                    progress($"{result}, in {(DateTimeOffset.UtcNow - started).TotalSeconds:0.0}s{(running.Count > 0 ? $"; still running: {string.Join(", ", running)}" : "")}");
                }

                return result;
            }))).ConfigureAwait(false);

        return [.. projects.SelectMany(p => builds[p] is { } didNotBuild ? [didNotBuild] : results.Where(r => r.Project == p))];
    }

    /// <summary>Builds one test project; null when it built, else the project's "did not build" result with the compiler's errors.</summary>
    private async Task<TestProjectResult?> BuildAsync(string project, StepProgress step, CancellationToken cancellationToken)
    {
        var command = new Command("dotnet", ["build", project, "--configuration", "Release", "--nologo", "--verbosity", "quiet"], root);
        var build = await step.RunAsync($"{Name(project)}: {command}", () => runner.RunAsync(command, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (build.ExitCode == 0)
        {
            return null;
        }

        var errors = DiagnosticParser.Parse(build.Output, root).Where(f => f.Severity == FindingSeverity.Error).Select(f => f.ToString()).ToList();
        return new TestProjectResult(project, TestProjectOutcome.DidNotBuild, "", TrxResults.Empty, errors.Count > 0 ? errors : build.Output.TakeLast(LinesKeptOfAFailedRun).ToList());
    }

    private async Task<TestProjectResult> RunAsync(TestRun testRun, QualitySettings settings, string resultsRoot, bool coverage, CancellationToken cancellationToken)
    {
        var results = Path.Combine(resultsRoot, testRun.ResultsName);
        var output = coverage && testRun.Part is not null ? PartOutput.Copy(root, testRun) : null;
        var trx = Path.Combine(results, $"{testRun.ResultsName}.trx");
        var command = new Command("dotnet", [
            "test", testRun.Project,
            "--configuration", "Release",
            "--no-build",
            .. output is null ? Array.Empty<string>() : ["--output", output],
            "--nologo",

            // Quiet console: the log shows counts and failures read from the TRX file.
            "--verbosity", "quiet",
            "--logger", $"trx;LogFileName={testRun.ResultsName}.trx",
            "--logger", "console;verbosity=quiet",
            "--results-directory", results,
            .. testRun.Filter is { } filter ? ["--filter", filter] : Array.Empty<string>(),
            .. coverage ? CoverageArguments(string.Join(',', settings.CoverageInclude)) : [],
        ], root);
        var run = await runner.RunAsync(command, cancellationToken: cancellationToken).ConfigureAwait(false);
        var project = testRun.Project;
        if (File.Exists(trx))
        {
            var read = TrxResults.Read(trx, root);
            var outcome = run.ExitCode == 0 && read.Failed == 0 ? TestProjectOutcome.Passed : TestProjectOutcome.Failed;
            var problems = outcome == TestProjectOutcome.Failed && read.Failed == 0 ? run.Output.TakeLast(LinesKeptOfAFailedRun).ToList() : [];
            return new TestProjectResult(project, outcome, trx, read, problems) { Part = testRun.Part };
        }

        return new TestProjectResult(project, TestProjectOutcome.DidNotRun, trx, TrxResults.Empty, run.Output.TakeLast(LinesKeptOfAFailedRun).ToList()) { Part = testRun.Part };
    }

    private static string Name(string project) => Path.GetFileNameWithoutExtension(project);

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
