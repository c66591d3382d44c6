namespace Pipeline.Frosting.Tests;

public sealed class TargetSuggestionTests
{
    [Fact]
    public void Given_a_misspelt_target_When_run_Then_it_fails_before_any_task_naming_the_closest_tasks()
    {
        using var fixture = new HostFixture(typeof(CleanTask), typeof(CompileTask), typeof(PackageTask));

        var exitCode = fixture.Run("--target", "Complie");

        Assert.Equal(1, exitCode);
        Assert.Contains("The target 'Complie' was not found. Did you mean Compile?", fixture.Console.Error);
        Assert.Empty(fixture.Log.Entries);
    }

    [Fact]
    public void Given_a_target_like_no_task_When_run_Then_it_fails_without_a_suggestion()
    {
        using var fixture = new HostFixture(typeof(CleanTask));

        var exitCode = fixture.Run("--target", "Xyzzy");

        Assert.Equal(1, exitCode);
        Assert.Contains("The target 'Xyzzy' was not found. (--help lists every target.)", fixture.Console.Error);
    }

    [Fact]
    public void Given_the_version_flag_When_run_Then_Cakes_version_is_printed_and_no_task_runs()
    {
        using var fixture = new HostFixture(typeof(CleanTask));

        var exitCode = fixture.Run("--version");

        Assert.Equal(0, exitCode);
        Assert.Contains("Cake 7.0.0", fixture.Console.Output);
        Assert.Empty(fixture.Log.Entries);
    }
}
