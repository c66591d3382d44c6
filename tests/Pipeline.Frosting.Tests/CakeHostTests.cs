using Cake.Frosting;

namespace Pipeline.Frosting.Tests;

public sealed class CakeHostTests
{
    private static readonly Type[] Graph = [typeof(CleanTask), typeof(CompileTask), typeof(PackageTask), typeof(AnnounceTask)];

    [Fact]
    public void Runs_dependencies_in_order_before_the_target()
    {
        var fixture = new HostFixture(Graph);

        var exitCode = fixture.Run("--target", "Package");

        Assert.Equal(0, exitCode);
        Assert.Equal(["Clean", "Compile", "Announce", "Package env=none"], fixture.Log.Entries);
    }

    [Fact]
    public void Exclusive_runs_only_the_target()
    {
        var fixture = new HostFixture(Graph);

        var exitCode = fixture.Run("--target=Package", "--exclusive");

        Assert.Equal(0, exitCode);
        Assert.Equal(["Package env=none"], fixture.Log.Entries);
    }

    [Fact]
    public void Several_targets_run_each_task_once()
    {
        var fixture = new HostFixture(Graph);

        var exitCode = fixture.Run("-t", "Compile", "-t", "Package");

        Assert.Equal(0, exitCode);
        Assert.Single(fixture.Log.Entries, "Clean");
        Assert.Contains("Package env=none", fixture.Log.Entries);
    }

    [Theory]
    [InlineData("--env=staging")]
    [InlineData("--env", "staging")]
    public void Unknown_flags_reach_the_context_arguments(params string[] flag)
    {
        var fixture = new HostFixture(Graph);

        var exitCode = fixture.Run(["--target=Package", "--exclusive", .. flag]);

        Assert.Equal(0, exitCode);
        Assert.Equal(["Package env=staging"], fixture.Log.Entries);
    }

    [Theory]
    [InlineData("--dryrun")]
    [InlineData("--noop")]
    [InlineData("--whatif")]
    public void Dry_run_runs_no_task_body_and_lists_the_plan(string flag)
    {
        var fixture = new HostFixture(Graph);

        var exitCode = fixture.Run("--target=Package", flag);

        Assert.Equal(0, exitCode);
        Assert.Empty(fixture.Log.Entries);
        Assert.Contains("Compile", fixture.Console.Output);
        Assert.Contains("No tasks were actually executed", fixture.Console.Output);
    }

    [Fact]
    public void Tree_shows_the_dependency_graph_without_running_anything()
    {
        var fixture = new HostFixture(Graph);

        var exitCode = fixture.Run("--tree", "--target=Package");

        Assert.Equal(0, exitCode);
        Assert.Empty(fixture.Log.Entries);
        var tree = fixture.Console.Output;
        Assert.True(tree.IndexOf("Package", StringComparison.Ordinal) < tree.IndexOf("Compile", StringComparison.Ordinal), tree);
        Assert.True(tree.IndexOf("Compile", StringComparison.Ordinal) < tree.IndexOf("Clean", StringComparison.Ordinal), tree);
    }

    [Fact]
    public void Description_lists_every_task_with_its_description()
    {
        var fixture = new HostFixture(Graph);

        var exitCode = fixture.Run("--description");

        Assert.Equal(0, exitCode);
        Assert.Empty(fixture.Log.Entries);
        Assert.Contains("Removes outputs", fixture.Report);
        Assert.Contains("Packs the build", fixture.Report);
    }

    [Fact]
    public void A_skipped_task_says_why_and_its_body_does_not_run()
    {
        var fixture = new HostFixture(typeof(SkippedTask), typeof(PublishTask));

        var exitCode = fixture.Run("--target=Publish");

        Assert.Equal(0, exitCode);
        Assert.Equal(["Publish"], fixture.Log.Entries);
        Assert.Contains("Skipping Upload: no bucket is configured", fixture.Console.Output);
    }

    [Fact]
    public void A_failing_task_calls_OnError_and_Finally_and_exits_non_zero_naming_the_task_on_stderr()
    {
        var fixture = new HostFixture(typeof(CleanTask), typeof(FailingTask));

        var exitCode = fixture.Run("--target=Explode");

        Assert.NotEqual(0, exitCode);
        Assert.Equal(["Clean", "OnError: the disk is full", "Finally"], fixture.Log.Entries);
        Assert.Contains("Explode", fixture.Console.Error);
        Assert.Contains("the disk is full", fixture.Console.Error);
    }

    [Fact]
    public void A_task_marked_ContinueOnError_does_not_stop_the_run()
    {
        var fixture = new HostFixture(typeof(FlakyTask), typeof(AfterFlakyTask));

        var exitCode = fixture.Run("--target=AfterFlaky");

        Assert.Equal(0, exitCode);
        Assert.Equal(["Flaky", "AfterFlaky"], fixture.Log.Entries);
    }

    [Fact]
    public void Lifetimes_wrap_the_run_and_every_task_and_teardown_sees_the_failure()
    {
        var fixture = new HostFixture(typeof(CleanTask), typeof(FailingTask));
        fixture.Host.UseLifetime<RecordingLifetime>().UseTaskLifetime<RecordingTaskLifetime>();

        var exitCode = fixture.Run("--target=Explode");

        Assert.NotEqual(0, exitCode);
        Assert.Equal("Setup", fixture.Log.Entries[0]);
        Assert.Equal(["before Clean", "Clean", "after Clean"], fixture.Log.Entries.Skip(1).Take(3));
        Assert.Equal("Teardown successful=False", fixture.Log.Entries[^1]);
    }

    [Fact]
    public void An_unknown_target_is_a_clear_error_with_a_non_zero_exit()
    {
        var fixture = new HostFixture(Graph);

        var exitCode = fixture.Run("--target=Deplyo");

        Assert.NotEqual(0, exitCode);
        Assert.Empty(fixture.Log.Entries);
        Assert.Contains("The target 'Deplyo' was not found", fixture.Console.Error);
    }

    [Fact]
    public void A_malformed_verbosity_is_rejected_before_any_task_runs()
    {
        var fixture = new HostFixture(Graph);

        var exitCode = fixture.Run("--target=Package", "--verbosity=loud");

        Assert.Equal(-1, exitCode);
        Assert.Empty(fixture.Log.Entries);
        Assert.Contains("loud", fixture.Console.Error);
    }

    [Fact]
    public void A_flag_without_its_value_is_rejected()
    {
        var fixture = new HostFixture(Graph);

        var exitCode = fixture.Run("--target");

        Assert.Equal(-1, exitCode);
        Assert.Empty(fixture.Log.Entries);
        Assert.Contains("target", fixture.Console.Error);
    }

    [Fact]
    public void A_missing_working_directory_is_a_clear_error()
    {
        var fixture = new HostFixture(Graph);
        var missing = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"));

        var exitCode = fixture.Run("--target=Package", "--working", missing);

        Assert.NotEqual(0, exitCode);
        Assert.Empty(fixture.Log.Entries);
        Assert.Contains(missing, fixture.Console.Error);
    }

    [Fact]
    public void A_dependency_that_is_not_registered_is_named_by_Cakes_graph_builder()
    {
        var fixture = new HostFixture(typeof(PackageTask));

        var exitCode = fixture.Run("--target=Package");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Task 'Package' is dependent on task 'Compile' which does not exist.", fixture.Console.Error);
    }

    [Fact]
    public void Without_a_target_the_Default_task_is_run()
    {
        var fixture = new HostFixture(Graph);

        var exitCode = fixture.Run();

        Assert.NotEqual(0, exitCode);
        Assert.Contains("The target 'Default' was not found", fixture.Console.Error);
    }
}
