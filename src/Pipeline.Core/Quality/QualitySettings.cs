using System.ComponentModel;

namespace Pipeline.Core.Quality;

/// <summary>What Lint and Test check, from config/quality.json.</summary>
public sealed record QualitySettings
{
    [Description("The solution Lint verifies and builds.")]
    public required string Solution { get; init; }

    [Description("Test projects the Test target runs, relative to the repository root.")]
    public required IReadOnlyList<string> TestProjects { get; init; }

    [Description("Line coverage, in percent, below which Test fails.")]
    public required int CoverageThreshold { get; init; }

    [Description("Coverlet filters of the assemblies measured, e.g. [Pipeline.*]*.")]
    public required IReadOnlyList<string> CoverageInclude { get; init; }

    [Description("YAML files and directories Lint checks with yamllint.")]
    public required IReadOnlyList<string> YamlPaths { get; init; }

    [Description("What Test --fast runs: the fast unit tests, no servers started, no coverage gate.")]
    public FastTests? Fast { get; init; }

    [Description("Namespaces of a test project run in test processes of their own, side by side with the rest of that project: the project's path, then its namespaces, e.g. { \"tests/X.Tests/X.Tests.csproj\": [\"X.Tests.Ssh\"] }. Each namespace runs apart, and the rest of the project in one more process. On a run with coverage each part runs from its own copy of the project's build output (bin/Release-parts/<part>/), because coverlet instruments the assemblies in place.")]
    public IReadOnlyDictionary<string, IReadOnlyList<string>> RunApart { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    [Description("GitHub Actions workflow files and directories Lint checks with actionlint.")]
    public IReadOnlyList<string> WorkflowPaths { get; init; } = [".github/workflows"];
}

/// <summary>The fast unit tests: the projects and the dotnet test filter that leaves out the tests that start servers.</summary>
public sealed record FastTests
{
    [Description("Test projects Test --fast runs, relative to the repository root.")]
    public required IReadOnlyList<string> TestProjects { get; init; }

    [Description("A dotnet test --filter expression applied to each of them, e.g. FullyQualifiedName!~Namespace.Of.Slow.")]
    public required string Filter { get; init; }
}
