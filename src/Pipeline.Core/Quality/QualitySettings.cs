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

    [Description("GitHub Actions workflow files and directories Lint checks with actionlint.")]
    public IReadOnlyList<string> WorkflowPaths { get; init; } = [".github/workflows"];
}
