namespace Pipeline.Build.Tests;

/// <summary>Arguments nothing reads are refused before anything runs: a typo must never be silently ignored.</summary>
public sealed class ArgumentCheckTests : IDisposable
{
    private readonly BuildRun build = new();

    [Theory]
    [InlineData("--compnent=database", "--component")]
    [InlineData("--evn=production", "--env")]
    public void A_misspelt_argument_is_refused_naming_the_closest_known_one(string typo, string suggestion)
    {
        Assert.NotEqual(0, build.Run("--target=Rollback", typo));

        Assert.Contains($"did you mean {suggestion}?", build.Console.Error);
        Assert.DoesNotContain("Rolled back", build.Console.All);
    }

    [Fact]
    public void An_argument_read_only_by_targets_outside_the_run_is_refused()
    {
        Assert.NotEqual(0, build.Run("--target=ConfigValidate", "--to=2026.11.20-aaaaaaa"));

        Assert.Contains("--to: read by Rollback, not by any target of this run (ConfigValidate)", build.Console.Error);
    }

    [Fact]
    public void An_argument_read_only_by_a_dependency_that_exclusive_skips_is_refused_before_anything_runs()
    {
        Assert.NotEqual(0, build.Run("--target=E2E", "--exclusive", "--fast"));

        Assert.Contains("--fast: read by Test, which --exclusive leaves out of this run (it runs E2E); it would be ignored.", build.Console.Error);
        Assert.DoesNotContain("Task start", build.Console.All);
        Assert.False(Directory.Exists(Path.Combine(build.Root, "artifacts")));
    }

    [Fact]
    public void Under_exclusive_an_argument_the_target_itself_reads_is_accepted()
    {
        Assert.NotEqual(0, build.Run("--target=ValidateBuild", "--exclusive", "--env=development", "--app-version=2026.11.20-aaaaaaa"));

        Assert.DoesNotContain("leaves out of this run", build.Console.All);
        Assert.Contains("2026.11.20-aaaaaaa", build.Console.Error);
    }

    [Fact]
    public void An_env_without_a_value_is_an_error_rather_than_development()
    {
        Assert.NotEqual(0, build.Run("--target=ConfigValidate", "--env"));

        Assert.Contains("--env: no value", build.Console.Error);
    }

    [Fact]
    public void Arguments_the_targets_of_the_run_read_are_accepted() =>
        build.Succeeds("--target=ConfigDiff", "--env=development", "--against=staging");

    public void Dispose() => build.Dispose();
}
