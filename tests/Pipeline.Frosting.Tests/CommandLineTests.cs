using Cake.Frosting;

namespace Pipeline.Frosting.Tests;

public sealed class CommandLineTests
{
    [Fact]
    public void Given_the_Target_alias_When_run_Then_that_target_runs_instead_of_Default()
    {
        var fixture = new HostFixture(typeof(CleanTask));

        var exitCode = fixture.Run("--Target", "Clean");

        Assert.Equal(0, exitCode);
        Assert.Equal(["Clean"], fixture.Log.Entries);
    }

    [Fact]
    public void Given_a_target_When_run_Then_the_context_arguments_name_it_and_carry_no_dryrun()
    {
        var fixture = new HostFixture(typeof(ReadsArguments));

        var exitCode = fixture.Run("--target", nameof(ReadsArguments));

        Assert.Equal(0, exitCode);
        Assert.Equal([$"target={nameof(ReadsArguments)} dryrun=False"], fixture.Log.Entries);
    }

    [Fact]
    public void Given_a_task_that_fails_When_run_Then_the_exit_code_is_1()
    {
        var fixture = new HostFixture(typeof(FailsPlainly));

        var exitCode = fixture.Run("--target", nameof(FailsPlainly));

        Assert.Equal(1, exitCode);
        Assert.Contains("plain failure", fixture.Console.Error);
    }

    [Fact]
    public void Given_a_task_that_throws_a_CakeException_with_an_exit_code_When_run_Then_the_exit_code_is_1_as_Cakes_engine_wraps_it()
    {
        var fixture = new HostFixture(typeof(FailsWithExitCode));

        var exitCode = fixture.Run("--target", nameof(FailsWithExitCode));

        Assert.Equal(1, exitCode);
        Assert.Contains("the release gate is closed", fixture.Console.Error);
    }

    [Fact]
    public void Given_a_CakeException_with_an_exit_code_before_the_engine_runs_When_run_Then_that_is_the_exit_code()
    {
        var fixture = new HostFixture(typeof(CleanTask));
        fixture.Host.UsePackageInstaller<GateClosedInstaller>().InstallTool(new Uri("gate:?package=Linter"));

        var exitCode = fixture.Run("--target", "Clean");

        Assert.Equal(42, exitCode);
        Assert.Empty(fixture.Log.Entries);
        Assert.Contains("the tool gate is closed", fixture.Console.Error);
    }

    [Fact]
    public void Given_several_targets_and_Cakes_unified_graph_turned_off_in_settings_When_run_Then_they_run_in_the_order_given()
    {
        var fixture = new HostFixture(typeof(CleanTask), typeof(FlakyTask));
        fixture.Host.UseCakeSetting("Settings_UnifiedDependencyGraphForMultipleTargets", "false");

        var exitCode = fixture.Run("--target", "Flaky", "--target", "Clean");

        Assert.Equal(0, exitCode);
        Assert.Equal(["Flaky", "Clean"], fixture.Log.Entries);
    }

    [Fact]
    public void Given_several_independent_targets_When_run_Then_Cake_7s_unified_graph_runs_them_in_registration_order()
    {
        var fixture = new HostFixture(typeof(CleanTask), typeof(FlakyTask));

        var exitCode = fixture.Run("--target", "Flaky", "--target", "Clean");

        Assert.Equal(0, exitCode);
        Assert.Equal(["Clean", "Flaky"], fixture.Log.Entries);
    }

    [Fact]
    public void Given_a_working_directory_in_code_When_run_Then_the_run_starts_there()
    {
        var fixture = new HostFixture(typeof(CleanTask));
        var directory = Directory.CreateTempSubdirectory("frosting-working-").FullName;
        var current = Directory.GetCurrentDirectory();
        try
        {
            fixture.Host.UseWorkingDirectory(directory);

            var exitCode = fixture.Run("--target", "Clean", "--verbosity", "diagnostic");

            Assert.Equal(0, exitCode);
            Assert.Equal(Path.GetFullPath(directory), Path.GetFullPath(Directory.GetCurrentDirectory()));
        }
        finally
        {
            Directory.SetCurrentDirectory(current);
            Directory.Delete(directory, recursive: true);
        }
    }
}
