using Cake.Frosting;

namespace Pipeline.Frosting.Tests;

public sealed class TaskRegistrationTests
{
    [Fact]
    public void Given_an_added_assembly_When_run_Then_its_public_tasks_are_registered()
    {
        var fixture = new HostFixture();
        fixture.Host.AddAssembly(typeof(CleanTask).Assembly);

        var exitCode = fixture.Run("--target", "Package");

        Assert.Equal(0, exitCode);
        Assert.Equal(["Clean", "Compile", "Announce", "Package env=none"], fixture.Log.Entries);
    }

    [Fact]
    public void Given_tasks_in_the_entry_assembly_When_another_assembly_is_added_Then_the_entry_assemblys_tasks_stay_registered()
    {
        var fixture = new HostFixture(typeof(CleanTask).Assembly);
        fixture.Host.AddAssembly(typeof(CakeHost).Assembly);

        var exitCode = fixture.Run("--target", "Package");

        Assert.Equal(0, exitCode);
        Assert.Equal(["Clean", "Compile", "Announce", "Package env=none"], fixture.Log.Entries);
    }

    [Fact]
    public void Given_the_entry_assembly_added_again_When_run_Then_Cake_rejects_its_tasks_as_duplicates()
    {
        var fixture = new HostFixture(typeof(CleanTask).Assembly);
        fixture.Host.AddAssembly(typeof(CleanTask).Assembly);

        var exitCode = fixture.Run("--target", "Package");

        Assert.Equal(1, exitCode);
        Assert.Empty(fixture.Log.Entries);
        Assert.Contains("Another task with the name", fixture.Console.Error);
    }

    [Fact]
    public void Given_a_task_derived_from_a_named_task_When_both_are_registered_Then_the_derived_one_is_named_after_its_class()
    {
        var fixture = new HostFixture(typeof(NamedBaseTask), typeof(DerivedFromNamedTask));

        var exitCode = fixture.Run("--target", nameof(DerivedFromNamedTask));

        Assert.Equal(0, exitCode);
        Assert.Equal([nameof(DerivedFromNamedTask)], fixture.Log.Entries);
    }

    [Fact]
    public void Given_a_dependency_that_is_not_a_task_When_run_Then_it_fails_naming_it()
    {
        var fixture = new HostFixture(typeof(DependsOnNonTask));

        var exitCode = fixture.Run("--target", nameof(DependsOnNonTask));

        Assert.Equal(1, exitCode);
        Assert.Contains("Error: The dependency 'DateTime' is not a valid task.", fixture.Console.Error);
    }

    [Fact]
    public void Given_a_reverse_dependency_that_is_not_a_task_When_run_Then_it_fails_naming_it()
    {
        var fixture = new HostFixture(typeof(DependeeOfNonTask));

        var exitCode = fixture.Run("--target", nameof(DependeeOfNonTask));

        Assert.Equal(1, exitCode);
        Assert.Contains("Error: The reverse dependency 'DateTime' is not a valid task.", fixture.Console.Error);
    }

    [Fact]
    public void Given_a_task_for_another_context_When_run_Then_it_is_left_out_with_a_warning()
    {
        var fixture = new HostFixture(typeof(NeedsOtherContext), typeof(CleanTask));

        var exitCode = fixture.Run("--target", "Clean");

        Assert.Equal(0, exitCode);
        Assert.Equal(["Clean"], fixture.Log.Entries);
        Assert.Contains($"context isn't convertible to {typeof(OtherContext).FullName}", fixture.Console.All);
    }

    [Fact]
    public void Given_a_task_with_a_skipped_message_When_it_should_not_run_Then_the_message_is_shown()
    {
        var fixture = new HostFixture(typeof(SkippedWithMessage), typeof(AfterSkippedWithMessage));

        var exitCode = fixture.Run("--target", nameof(AfterSkippedWithMessage));

        Assert.Equal(0, exitCode);
        Assert.Equal([nameof(AfterSkippedWithMessage)], fixture.Log.Entries);
        Assert.Contains("nothing to sign", fixture.AllOutput);
    }
}
