using Pipeline.Core.Ci;
using Pipeline.Core.Processes;
using Pipeline.Core.Quality;

namespace Pipeline.Core.Tests;

/// <summary>
/// What the Test target reports: counts and failures read from TRX, "did not build", no coverage from a partial run,
/// and under GitHub Actions the annotations, job summary and outputs, asserted on the files written.
/// </summary>
public sealed class TestResultsTests : IDisposable
{
    private const string Root = "/repo";
    private readonly string directory = Directory.CreateTempSubdirectory("test-results-").FullName;

    [Fact]
    public void A_trx_file_gives_counts_and_each_failure_with_its_message_and_repository_line()
    {
        var trx = Path.Combine(directory, "a.trx");
        WriteTrx(trx, passed: 3, skipped: 1, failures: [("Orders.Rejects_a_negative_quantity", "Assert.Equal() Failure\nExpected: 400\nActual:   200")]);

        var results = TrxResults.Read(trx, Root);

        Assert.Equal((3, 1, 1, 5), (results.Passed, results.Failed, results.Skipped, results.Total));
        var failure = Assert.Single(results.Failures);
        Assert.Equal("Orders.Rejects_a_negative_quantity", failure.Name);
        Assert.StartsWith("Assert.Equal() Failure", failure.Message, StringComparison.Ordinal);
        Assert.Equal("tests/App.Tests/OrdersTests.cs", failure.File);
        Assert.Equal(42, failure.Line);
    }

    [Fact]
    public async Task The_log_shows_failures_and_counts_but_no_passing_test_and_ends_with_the_counts_line()
    {
        var runner = new FakeTestRunner(directory)
        {
            ["A.Tests"] = p => WriteTrx(p, passed: 4, skipped: 0, failures: [("A.Tests.Breaks", "boom")]),
            ["B.Tests"] = p => WriteTrx(p, passed: 2, skipped: 1, failures: []),
        };

        var report = await Service(runner).RunAsync(Settings("A.Tests", "B.Tests"), directory, _ => { });
        var log = TestSummary.LogLines(report);

        Assert.False(report.TestsPassed);
        Assert.True(report.Complete);
        Assert.Equal("6 passed, 1 failed, 1 skipped", log[^1]);
        Assert.Contains("FAILED A.Tests.Breaks (tests/App.Tests/OrdersTests.cs:42)", log);
        Assert.Contains("A.Tests: 4 passed, 1 failed, 0 skipped", log);
        Assert.Contains("B.Tests: 2 passed, 0 failed, 1 skipped", log);
        Assert.DoesNotContain(log, l => l.Contains("Passing", StringComparison.Ordinal));
        Assert.NotNull(report.Coverage);
    }

    [Fact]
    public async Task A_project_that_does_not_compile_did_not_build_and_no_coverage_is_merged()
    {
        var runner = new FakeTestRunner(directory)
        {
            ["A.Tests"] = p => WriteTrx(p, passed: 4, skipped: 0, failures: []),
        };
        runner.FailingBuilds["B.Tests"] = ["/repo/tests/B.Tests/Broken.cs(7,13): error CS0103: The name 'missing' does not exist in the current context [/repo/tests/B.Tests/B.Tests.csproj]"];

        var report = await Service(runner).RunAsync(Settings("A.Tests", "B.Tests"), directory, _ => { });
        var log = TestSummary.LogLines(report);

        Assert.False(report.Complete);
        Assert.Null(report.Coverage);
        Assert.False(runner.Merged);
        Assert.Equal(TestProjectOutcome.DidNotBuild, report.Projects[1].Outcome);
        Assert.Contains("B.Tests: did not build", log);
        Assert.Contains("B.Tests: tests/B.Tests/Broken.cs:7: CS0103: The name 'missing' does not exist in the current context", log);
        Assert.Contains("Coverage: not merged, because not every test project ran.", log);
        Assert.Equal("4 passed, 0 failed, 0 skipped", log[^1]);
    }

    [Fact]
    public async Task The_projects_are_built_one_after_another_then_run_side_by_side_without_building_again()
    {
        var runner = new FakeTestRunner(directory)
        {
            RunsExpectedTogether = 2,
            ["A.Tests"] = p => WriteTrx(p, passed: 1, skipped: 0, failures: []),
            ["B.Tests"] = p => WriteTrx(p, passed: 2, skipped: 0, failures: []),
        };
        var log = new List<string>();

        var report = await Service(runner).RunAsync(Settings("A.Tests", "B.Tests"), directory, log.Add);

        Assert.Equal(["build", "build", "test", "test"], runner.Commands.Select(c => c.Arguments[0]));
        Assert.All(runner.Commands.Where(c => c.Arguments[0] == "test"), c => Assert.Contains("--no-build", c.Arguments));
        Assert.Equal(["A.Tests", "B.Tests"], report.Projects.Select(p => p.Name));
        Assert.Equal("3 passed, 0 failed, 0 skipped", report.Summary);
        Assert.Contains(log, l => l.StartsWith("Tests: A.Tests, B.Tests side by side", StringComparison.Ordinal));
        Assert.Contains(log, l => l.Contains("; still running: ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_project_whose_namespaces_run_apart_is_one_run_per_namespace_and_one_for_the_rest()
    {
        var apart = new Dictionary<string, IReadOnlyList<string>> { ["tests/B.Tests/B.Tests.csproj"] = ["B.Tests.Ssh", "B.Tests.Routing"] };

        var runs = TestRun.Plan(["tests/A.Tests/A.Tests.csproj", "tests/B.Tests/B.Tests.csproj"], apart, null);

        Assert.Equal(["A.Tests", "B.Tests (Ssh)", "B.Tests (Routing)", "B.Tests (rest)"], runs.Select(r => r.Name));
        Assert.Equal(
            [null, "FullyQualifiedName~B.Tests.Ssh.", "FullyQualifiedName~B.Tests.Routing.", "FullyQualifiedName!~B.Tests.Ssh.&FullyQualifiedName!~B.Tests.Routing."],
            runs.Select(r => r.Filter));
        Assert.Equal("(Category!=Slow)&(FullyQualifiedName~B.Tests.Ssh.)", TestRun.Plan(["tests/B.Tests/B.Tests.csproj"], apart, "Category!=Slow")[0].Filter);
    }

    [Fact]
    public async Task The_parts_of_a_project_run_side_by_side_and_are_reported_each_on_a_fast_run()
    {
        var runner = new FakeTestRunner(directory)
        {
            RunsExpectedTogether = 3,
            ["A.Tests"] = p => WriteTrx(p, passed: 1, skipped: 0, failures: []),
            ["B.Tests"] = p => WriteTrx(p, passed: p.Contains("Ssh", StringComparison.Ordinal) ? 3 : 2, skipped: 0, failures: []),
        };
        var settings = Settings("A.Tests", "B.Tests") with
        {
            RunApart = new Dictionary<string, IReadOnlyList<string>> { ["tests/B.Tests/B.Tests.csproj"] = ["B.Tests.Ssh"] },
            Fast = new FastTests { TestProjects = ["tests/A.Tests/A.Tests.csproj", "tests/B.Tests/B.Tests.csproj"], Filter = "Category!=Slow" },
        };

        var report = await Service(runner).RunFastAsync(settings, directory, _ => { });

        Assert.Equal(["A.Tests: 1 passed, 0 failed, 0 skipped", "B.Tests (Ssh): 3 passed, 0 failed, 0 skipped", "B.Tests (rest): 2 passed, 0 failed, 0 skipped"], report.Projects.Select(p => p.ToString()));
        Assert.Equal(2, runner.Commands.Count(c => c.Arguments[0] == "build"));
    }

    [Fact]
    public async Task On_a_run_with_coverage_each_part_runs_from_its_own_copy_of_the_build_output()
    {
        var built = Path.Combine(directory, "tests", "B.Tests", "bin", "Release", "net10.0");
        Directory.CreateDirectory(Path.Combine(built, "repository"));
        File.WriteAllText(Path.Combine(built, "B.Tests.dll"), "the tests");
        File.WriteAllText(Path.Combine(built, "repository", "quality.json"), "{}");
        var runner = new FakeTestRunner(directory)
        {
            RunsExpectedTogether = 3,
            ["A.Tests"] = p => WriteTrx(p, passed: 1, skipped: 0, failures: []),
            ["B.Tests"] = p => WriteTrx(p, passed: 2, skipped: 0, failures: []),
        };
        var settings = Settings("A.Tests", "B.Tests") with { RunApart = new Dictionary<string, IReadOnlyList<string>> { ["tests/B.Tests/B.Tests.csproj"] = ["B.Tests.Ssh"] } };

        var report = await new TestService(runner, directory, "reportgenerator.dll").RunAsync(settings, directory, _ => { });

        var parts = Path.Combine(directory, "tests", "B.Tests", "bin", "Release-parts");
        Assert.Equal(
            [null, Path.Combine(parts, "Ssh"), Path.Combine(parts, "rest")],
            runner.Commands.Where(c => c.Arguments[0] == "test").Select(c => c.Arguments.ToList().IndexOf("--output") is var at and >= 0 ? c.Arguments[at + 1] : null).Order(StringComparer.Ordinal));
        Assert.All(["Ssh", "rest"], part => Assert.Equal("{}", File.ReadAllText(Path.Combine(parts, part, "repository", "quality.json"))));
        Assert.Equal("5 passed, 0 failed, 0 skipped", report.Summary);
        Assert.NotNull(report.Coverage);
    }

    [Fact]
    public async Task A_part_whose_project_has_no_release_build_output_is_refused_naming_the_directory()
    {
        var settings = Settings("A.Tests") with { RunApart = new Dictionary<string, IReadOnlyList<string>> { ["tests/A.Tests/A.Tests.csproj"] = ["A.Tests.Ssh"] } };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new TestService(new FakeTestRunner(directory), directory, "reportgenerator.dll").RunAsync(settings, directory, _ => { }));

        Assert.StartsWith($"tests/A.Tests/A.Tests.csproj: expected one Release build output holding A.Tests.dll under {Path.Combine(directory, "tests", "A.Tests", "bin", "Release")}, found none", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_apart_naming_a_project_that_is_not_tested_is_refused_naming_the_key_and_the_value()
    {
        var settings = Settings("A.Tests") with { RunApart = new Dictionary<string, IReadOnlyList<string>> { ["tests/Gone.Tests/Gone.Tests.csproj"] = ["Gone.Tests.Ssh"] } };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Service(new FakeTestRunner(directory)).RunFastAsync(settings with { Fast = new FastTests { TestProjects = ["tests/A.Tests/A.Tests.csproj"], Filter = "Category!=Slow" } }, directory, _ => { }));

        Assert.StartsWith("config/quality.json: runApart: \"tests/Gone.Tests/Gone.Tests.csproj\" is not one of testProjects", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_project_that_does_not_build_is_not_run_and_the_others_still_are()
    {
        var runner = new FakeTestRunner(directory) { ["A.Tests"] = p => WriteTrx(p, passed: 1, skipped: 0, failures: []) };
        runner.FailingBuilds["B.Tests"] = ["error MSB1009: Project file does not exist."];

        var report = await Service(runner).RunAsync(Settings("A.Tests", "B.Tests"), directory, _ => { });

        Assert.Equal(["build", "build", "test"], runner.Commands.Select(c => c.Arguments[0]));
        Assert.Equal([TestProjectOutcome.Passed, TestProjectOutcome.DidNotBuild], report.Projects.Select(p => p.Outcome));
        Assert.Equal(["error MSB1009: Project file does not exist."], report.Projects[1].Problems);
    }

    [Fact]
    public async Task A_run_that_leaves_no_results_and_no_compiler_error_did_not_run_and_keeps_its_last_lines()
    {
        var runner = new FakeTestRunner(directory) { ["A.Tests"] = _ => ["The active test run was aborted. Reason: Test host process crashed"] };

        var report = await Service(runner).RunAsync(Settings("A.Tests"), directory, _ => { });

        Assert.Equal(TestProjectOutcome.DidNotRun, report.Projects[0].Outcome);
        Assert.Contains("A.Tests: did not run (no test results were written)", TestSummary.LogLines(report));
        Assert.Contains("Test host process crashed", report.Projects[0].Problems[0], StringComparison.Ordinal);
        Assert.Null(report.Coverage);
    }

    [Fact]
    public async Task Under_github_actions_failures_are_annotations_and_the_summary_and_outputs_are_written()
    {
        var runner = new FakeTestRunner(directory)
        {
            ["A.Tests"] = p => WriteTrx(p, passed: 4, skipped: 0, failures: [("A.Tests.Breaks", "Expected: 1\nActual: 2")]),
        };
        var report = await Service(runner).RunAsync(Settings("A.Tests"), directory, _ => { });
        var (actions, stdout, output, summary) = Actions(active: true);

        TestSummary.Publish(actions, report);

        var annotation = Assert.Single(Lines(stdout.ToString()));
        Assert.Equal("::error file=tests/App.Tests/OrdersTests.cs,line=42,title=A.Tests.Breaks::Expected: 1%0AActual: 2", annotation);
        Assert.Equal(["tests-passed=4", "tests-failed=1", "tests-skipped=0", "coverage=75.0"], Lines(File.ReadAllText(output)));
        var markdown = File.ReadAllText(summary);
        Assert.Contains("### Test: failed, 4 passed, 1 failed, 0 skipped", markdown, StringComparison.Ordinal);
        Assert.Contains("| A.Tests | failed | 4 | 1 | 0 |", markdown, StringComparison.Ordinal);
        Assert.Contains("Coverage: line 75.0%, branch 50.0% (threshold 80% line: NOT MET)", markdown, StringComparison.Ordinal);
        Assert.Contains("- `A.Tests.Breaks` (tests/App.Tests/OrdersTests.cs:42): Expected: 1", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_project_that_did_not_build_is_annotated_with_its_compiler_errors_and_no_coverage_output()
    {
        var runner = new FakeTestRunner(directory);
        runner.FailingBuilds["B.Tests"] = ["/repo/tests/B.Tests/Broken.cs(7,13): error CS0103: The name 'missing' does not exist [/repo/tests/B.Tests/B.Tests.csproj]"];
        var report = await Service(runner).RunAsync(Settings("B.Tests"), directory, _ => { });
        var (actions, stdout, output, summary) = Actions(active: true);

        TestSummary.Publish(actions, report);

        Assert.Equal(
            ["::error title=B.Tests did not build::tests/B.Tests/Broken.cs:7: CS0103: The name 'missing' does not exist"],
            Lines(stdout.ToString()));
        Assert.DoesNotContain(Lines(File.ReadAllText(output)), l => l.StartsWith("coverage=", StringComparison.Ordinal));
        Assert.Contains("| B.Tests | did not build | 0 | 0 | 0 |", File.ReadAllText(summary), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outside_github_actions_nothing_is_annotated_or_written()
    {
        var runner = new FakeTestRunner(directory) { ["A.Tests"] = p => WriteTrx(p, passed: 1, skipped: 0, failures: [("A.Tests.Breaks", "boom")]) };
        var report = await Service(runner).RunAsync(Settings("A.Tests"), directory, _ => { });
        var (actions, stdout, output, summary) = Actions(active: false);

        TestSummary.Publish(actions, report);

        Assert.Empty(stdout.ToString());
        Assert.False(File.Exists(output));
        Assert.False(File.Exists(summary));
    }

    [Fact]
    public async Task Fast_runs_only_the_fast_projects_with_their_filter_and_collects_no_coverage()
    {
        var runner = new FakeTestRunner(directory) { ["A.Tests"] = p => WriteTrx(p, passed: 5, skipped: 0, failures: []) };
        var settings = Settings("A.Tests", "Slow.Tests") with { Fast = new FastTests { TestProjects = ["tests/A.Tests/A.Tests.csproj"], Filter = "FullyQualifiedName!~A.Tests.Slow." } };

        var report = await Service(runner).RunFastAsync(settings, directory, _ => { });
        var log = TestSummary.LogLines(report);

        var command = Assert.Single(runner.Commands, c => c.Arguments[0] == "test");
        Assert.Equal("tests/A.Tests/A.Tests.csproj", command.Arguments[1]);
        Assert.Equal("FullyQualifiedName!~A.Tests.Slow.", command.Arguments[command.Arguments.ToList().IndexOf("--filter") + 1]);
        Assert.DoesNotContain("--collect", command.Arguments);
        Assert.False(runner.Merged);
        Assert.True(report.TestsPassed);
        Assert.Contains("Coverage: not measured on a filtered run (--fast).", log);
        Assert.Equal("5 passed, 0 failed, 0 skipped", log[^1]);
    }

    [Fact]
    public async Task Fast_without_a_fast_section_says_what_quality_json_needs()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Service(new FakeTestRunner(directory)).RunFastAsync(Settings("A.Tests"), directory, _ => { }));

        Assert.StartsWith("config/quality.json: fast: missing; expected { \"testProjects\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_repository_quality_settings_name_fast_tests_in_existing_projects()
    {
        var root = WorkflowLintTests.RepositoryRoot;
        var settings = Configuration.TypedJsonFile.Load<QualitySettings>(Path.Combine(root, "config", "quality.json"));

        Assert.NotNull(settings.Fast);
        Assert.NotEmpty(settings.Fast.Filter);
        Assert.All(settings.Fast.TestProjects, p => Assert.True(File.Exists(Path.Combine(root, p)), p));
        Assert.Equal([".github/workflows"], settings.WorkflowPaths);
        Assert.All(settings.RunApart, apart =>
        {
            Assert.Contains(apart.Key, settings.TestProjects);
            var project = Path.GetDirectoryName(Path.Combine(root, apart.Key))!;
            Assert.All(apart.Value, n => Assert.True(Directory.Exists(Path.Combine(project, n[(Path.GetFileName(project).Length + 1)..].Replace('.', '/'))), $"{n}: no such folder in {apart.Key}'s project"));
        });
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private (GitHubActions Actions, StringWriter Stdout, string Output, string Summary) Actions(bool active)
    {
        var output = Path.Combine(directory, "github-output");
        var summary = Path.Combine(directory, "step-summary.md");
        var variables = new Dictionary<string, string>
        {
            [GitHubActions.ActionsVariable] = active ? "true" : "false",
            [GitHubActions.OutputVariable] = output,
            [GitHubActions.SummaryVariable] = summary,
        };
        var stdout = new StringWriter();
        return (new GitHubActions(name => variables.GetValueOrDefault(name), stdout), stdout, output, summary);
    }

    private static TestService Service(FakeTestRunner runner) => new(runner, Root, "reportgenerator.dll");

    private static QualitySettings Settings(params string[] projects) => new()
    {
        Solution = "Pipeline.sln",
        TestProjects = [.. projects.Select(p => $"tests/{p}/{p}.csproj")],
        CoverageThreshold = 80,
        CoverageInclude = ["[Pipeline.*]*"],
        YamlPaths = [],
    };

    private static IReadOnlyList<string> WriteTrx(string path, int passed, int skipped, IReadOnlyList<(string Name, string Message)> failures)
    {
        const string ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";
        var results = Enumerable.Range(0, passed).Select(i => $"""<UnitTestResult testName="Passing.Test{i}" outcome="Passed" />""")
            .Concat(Enumerable.Range(0, skipped).Select(i => $"""<UnitTestResult testName="Skipped.Test{i}" outcome="NotExecuted" />"""))
            .Concat(failures.Select(f =>
                $"<UnitTestResult testName=\"{f.Name}\" outcome=\"Failed\"><Output><ErrorInfo>" +
                $"<Message>{System.Security.SecurityElement.Escape(f.Message)}</Message>" +
                "<StackTrace>   at Xunit.Assert.Equal() in /_/src/xunit.assert/Asserts/EqualityAsserts.cs:line 9\n" +
                "   at App.Tests.OrdersTests.Rejects() in /repo/tests/App.Tests/OrdersTests.cs:line 42\n" +
                "   at App.Tests.Helper.Run() in /repo/tests/App.Tests/Helper.cs:line 7</StackTrace>" +
                "</ErrorInfo></Output></UnitTestResult>"));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, $"""<?xml version="1.0" encoding="utf-8"?><TestRun xmlns="{ns}"><Results>{string.Concat(results)}</Results></TestRun>""");
        return ["Passing.Test0 would be printed by a verbose console logger"];
    }

    /// <summary>Stands in for dotnet test (writing the TRX and coverage it would) and for ReportGenerator's merge.</summary>
    private sealed class FakeTestRunner(string artifacts) : ICommandRunner
    {
        private readonly Dictionary<string, Func<string, IReadOnlyList<string>>> projects = [];

        public bool Merged { get; private set; }

        public List<Command> Commands { get; } = [];

        public Func<string, IReadOnlyList<string>> this[string project]
        {
            set => projects[project] = value;
        }

        /// <summary>Projects whose build fails, with what the compiler printed.</summary>
        public Dictionary<string, IReadOnlyList<string>> FailingBuilds { get; } = [];

        /// <summary>When set, every test run waits until this many runs have started (proof that they run side by side).</summary>
        public int? RunsExpectedTogether { get; init; }

        private int started;
        private readonly TaskCompletionSource allStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<CommandResult> RunAsync(Command command, Action<string>? onLine = null, CancellationToken cancellationToken = default)
        {
            if (command.Arguments[0] == "build")
            {
                Commands.Add(command);
                return FailingBuilds.TryGetValue(Path.GetFileNameWithoutExtension(command.Arguments[1]), out var errors) ? new CommandResult(1, errors) : new CommandResult(0, []);
            }

            if (RunsExpectedTogether is { } together && Interlocked.Increment(ref started) == together)
            {
                allStarted.SetResult();
            }

            if (RunsExpectedTogether is not null)
            {
                await allStarted.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
            }

            return Run(command);
        }

        private CommandResult Run(Command command)
        {
            if (command.Arguments[0] != "test")
            {
                Merged = true;
                var target = command.Arguments.Single(a => a.StartsWith("-targetdir:", StringComparison.Ordinal))["-targetdir:".Length..];
                File.WriteAllText(Path.Combine(target, "Cobertura.xml"), """<coverage lines-covered="75" lines-valid="100" branches-covered="5" branches-valid="10" />""");
                return new CommandResult(0, []);
            }

            lock (Commands)
            {
                Commands.Add(command);
            }

            var name = Path.GetFileNameWithoutExtension(command.Arguments[1]);
            var results = command.Arguments[command.Arguments.ToList().IndexOf("--results-directory") + 1];
            var trx = Path.Combine(results, command.Arguments.Single(a => a.StartsWith("trx;LogFileName=", StringComparison.Ordinal))["trx;LogFileName=".Length..]);
            var printed = projects[name](trx);
            if (!File.Exists(trx))
            {
                return new CommandResult(1, printed);
            }

            var coverage = Path.Combine(results, Guid.NewGuid().ToString("N"), "coverage.cobertura.xml");
            Directory.CreateDirectory(Path.GetDirectoryName(coverage)!);
            File.WriteAllText(coverage, "<coverage />");
            var failed = TrxResults.Read(trx, Root).Failed;
            _ = artifacts;
            return new CommandResult(failed == 0 ? 0 : 1, printed);
        }
    }
}
