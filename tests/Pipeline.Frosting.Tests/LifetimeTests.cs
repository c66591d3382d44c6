using Cake.Frosting;

namespace Pipeline.Frosting.Tests;

public sealed class LifetimeTests
{
    [Fact]
    public void Given_a_setup_and_a_teardown_registered_apart_When_run_Then_both_wrap_the_run()
    {
        var fixture = new HostFixture(typeof(CleanTask));
        fixture.Host.UseSetup<RecordingSetup>().UseTeardown<RecordingTeardown>();

        var exitCode = fixture.Run("--target", "Clean");

        Assert.Equal(0, exitCode);
        Assert.Equal(["Setup", "Clean", "Teardown"], fixture.Log.Entries);
    }

    [Fact]
    public void Given_a_task_setup_and_a_task_teardown_registered_apart_When_run_Then_both_wrap_every_task()
    {
        var fixture = new HostFixture(typeof(CleanTask), typeof(CompileTask));
        fixture.Host.UseTaskSetup<RecordingTaskSetup>().UseTaskTeardown<RecordingTaskTeardown>();

        var exitCode = fixture.Run("--target", "Compile");

        Assert.Equal(0, exitCode);
        Assert.Equal(["before Clean", "Clean", "after Clean", "before Compile", "Compile", "after Compile"], fixture.Log.Entries);
    }

    [Fact]
    public void Given_lifetimes_over_the_default_context_from_a_startup_When_run_Then_they_wrap_the_run_and_the_task()
    {
        var fixture = new HostFixture(typeof(CleanTask));
        fixture.Host.UseStartup<PlainStartup>();

        var exitCode = fixture.Run("--target", "Clean");

        Assert.Equal(0, exitCode);
        Assert.Equal(["plain Setup", "plain before Clean", "Clean", "plain after Clean", "plain Teardown"], fixture.Log.Entries);
    }

    [Fact]
    public void Given_a_dry_run_When_run_Then_setup_and_teardown_run_but_no_task_setup_nor_task_body()
    {
        var fixture = new HostFixture(typeof(CleanTask));
        fixture.Host.UseSetup<RecordingSetup>().UseTeardown<RecordingTeardown>().UseTaskSetup<RecordingTaskSetup>();

        var exitCode = fixture.Run("--target", "Clean", "--dryrun");

        Assert.Equal(0, exitCode);
        Assert.Equal(["Setup", "Teardown"], fixture.Log.Entries);
    }
}
