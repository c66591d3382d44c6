using Microsoft.Extensions.DependencyInjection;
using Pipeline.Core.Quality;

namespace Pipeline.Build.Tests;

/// <summary>
/// On a machine where scripts/prerequisites.sh has not run, Lint, Test and E2E say once what is missing and how to
/// install it, before anything runs, instead of failing test after test.
/// </summary>
public sealed class PrerequisiteTests : IDisposable
{
    private readonly BuildRun build = new();
    private readonly string bin = Directory.CreateTempSubdirectory("pipeline-path-").FullName;

    [Fact]
    public void A_run_of_Test_on_a_machine_without_yamllint_names_it_and_the_install_command_and_runs_nothing()
    {
        OnPath("node");
        build.Services = services => services.AddSingleton(new ToolLookup(bin));

        var exitCode = build.Run("--target=Test");

        Assert.NotEqual(0, exitCode);
        var error = build.Console.Error;
        Assert.Contains("Missing prerequisites, so nothing has run:", error);
        Assert.Contains("yamllint is not on PATH (Debian package yamllint; Lint: lints the workflow YAML)", error);
        Assert.Contains("Install them all with: scripts/prerequisites.sh", error);
        Assert.DoesNotContain("node is not on PATH", error);
        Assert.Contains($"{Path.Combine(build.Root, "tools", "s3rver", "node_modules", "s3rver", "bin", "s3rver.js")} does not exist (npm ci in tools/s3rver", error);
        Assert.DoesNotContain("dotnet format", build.Console.All);
        Assert.False(Directory.Exists(Path.Combine(build.Root, "artifacts", "test-results")));
    }

    [Fact]
    public void The_fast_tests_alone_need_only_what_they_use()
    {
        var missing = Prerequisites.Missing(["Test"], fastTests: true, new ToolLookup(bin), build.Root);

        Assert.All(missing, p => Assert.True(p.InFastTests, p.Name));
        Assert.DoesNotContain(missing, p => p.Name is "s3rver" or "node" or "yamllint");
    }

    [Fact]
    public void Everything_found_means_nothing_missing()
    {
        OnPath("node", "yamllint");
        foreach (var file in Prerequisites.All.Where(p => p.Kind == PrerequisiteKind.RepositoryFile))
        {
            var path = Path.Combine(build.Root, file.Location);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, string.Empty);
        }

        var missing = Prerequisites.Missing(["Lint", "Test", "E2E"], fastTests: false, new ToolLookup(bin), build.Root);

        // The system paths are what scripts/prerequisites.sh installed on this machine.
        Assert.DoesNotContain(missing, p => p.Kind != PrerequisiteKind.SystemPath);
        Assert.All(missing, p => Assert.False(ToolLookup.Exists(p.Location)));
    }

    [Fact]
    public void An_s3rver_installed_but_not_patched_is_named_with_the_script_that_patches_it()
    {
        var s3rver = Path.Combine(build.Root, "tools", "s3rver", "node_modules", "s3rver", "bin", "s3rver.js");
        Directory.CreateDirectory(Path.GetDirectoryName(s3rver)!);
        File.WriteAllText(s3rver, string.Empty);

        var missing = Prerequisites.Missing(["Test"], fastTests: false, new ToolLookup(bin), build.Root);

        Assert.DoesNotContain(missing, p => p.Name == "s3rver");
        var patch = Assert.Single(missing, p => p.Name == "s3rver patch");
        Assert.Contains("(scripts/patch-s3rver.sh, after npm ci in tools/s3rver; Test: ", Prerequisites.Describe([patch], build.Root), StringComparison.Ordinal);
    }

    [Fact]
    public void A_target_that_needs_no_tools_is_not_held_up() =>
        Assert.Empty(Prerequisites.Missing(["ConfigValidate", "Deploy"], fastTests: false, new ToolLookup(bin), build.Root));

    [Fact]
    public void An_exclusive_run_needs_only_what_its_target_needs()
    {
        OnPath("node");
        build.Services = services => services.AddSingleton(new ToolLookup(bin));

        var exitCode = build.Run("--target=Test", "--exclusive");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("s3rver ", build.Console.Error);
        Assert.DoesNotContain("yamllint", build.Console.Error);
        Assert.DoesNotContain("actionlint", build.Console.Error);
    }

    [Fact]
    public void A_dry_run_of_Test_plans_without_the_tools()
    {
        build.Services = services => services.AddSingleton(new ToolLookup(bin));

        build.Succeeds("--target=Test", "--dryrun");

        Assert.DoesNotContain("Missing prerequisites", build.Console.All);
    }

    private void OnPath(params string[] programs)
    {
        foreach (var program in programs)
        {
            File.CreateSymbolicLink(Path.Combine(bin, program), Path.Combine("/usr/bin", program));
        }
    }

    public void Dispose()
    {
        build.Dispose();
        Directory.Delete(bin, recursive: true);
    }
}
