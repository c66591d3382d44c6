using System.Reflection;
using Cake.Frosting;
using Pipeline.Build.Infrastructure;

namespace Pipeline.Build.Tests;

/// <summary>--help is where a new user learns the targets and the arguments: it must list all of them, one line each.</summary>
public sealed class HelpTests : IDisposable
{
    private static readonly Type[] TaskTypes = [.. typeof(BuildHost).Assembly.GetTypes().Where(t => typeof(IFrostingTask).IsAssignableFrom(t) && !t.IsAbstract)];

    private readonly BuildRun build = new();

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Help_lists_every_target_with_its_one_line_description(string flag)
    {
        build.Succeeds(flag);

        var lines = build.Console.Output.Split('\n').Select(l => l.TrimEnd()).ToList();
        Assert.True(TaskTypes.Length > 20, "the build's tasks were not found");
        foreach (var task in TaskTypes)
        {
            var name = task.GetCustomAttribute<TaskNameAttribute>()!.Name;
            var description = task.GetCustomAttribute<TaskDescriptionAttribute>()!.Description;
            Assert.Contains(lines, l => l.StartsWith($"    {name} ", StringComparison.Ordinal) && l.EndsWith(HelpPage.OneLine(description), StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Help_groups_the_targets()
    {
        build.Succeeds("--help");

        var output = build.Console.Output;
        var groups = new[] { "Build and test", "Deploy and roll back", "Backups", "Configuration", "State and audit" };
        var positions = groups.Select(g => output.IndexOf($"\n  {g}\n", StringComparison.Ordinal)).ToList();
        Assert.All(positions, p => Assert.True(p > 0));
        Assert.Equal(positions.Order(), positions);
        Assert.InRange(output.IndexOf("    Deploy ", StringComparison.Ordinal), positions[1], positions[2]);
        Assert.InRange(output.IndexOf("    ConfigValidate ", StringComparison.Ordinal), positions[3], positions[4]);
    }

    [Fact]
    public void Every_target_is_in_a_named_group_and_only_Noop_is_under_Other()
    {
        var ungrouped = TaskTypes.Select(t => t.GetCustomAttribute<TaskNameAttribute>()!.Name)
            .Where(name => TargetGroups.Of(name) == TargetGroups.Other);

        Assert.Equal(["Noop"], ungrouped);
    }

    [Fact]
    public void Help_lists_every_argument_a_target_reads_with_its_meaning_and_readers()
    {
        build.Succeeds("--help");

        var output = build.Console.Output;
        Assert.Contains("  --env=<name>", output);
        Assert.Contains("  --to=<version|id>  the version or backup id to roll back to (default: the previous successful deploy) (Rollback)", output);
        Assert.Contains("  --fast             only the fast unit tests of config/quality.json, no coverage (Test)", output);
        var read = TaskTypes.SelectMany(t => t.GetCustomAttribute<ReadsArgumentsAttribute>()?.Names ?? []).Distinct().ToList();
        Assert.NotEmpty(read);
        foreach (var name in read)
        {
            Assert.True(ArgumentMeanings.All.ContainsKey(name), $"--{name} is read by a target but has no meaning for --help in ArgumentMeanings");
            Assert.Contains($"  {ArgumentMeanings.UsageOf(name)} ", output);
        }
    }

    [Fact]
    public void Help_lists_the_host_options()
    {
        build.Succeeds("--help");

        foreach (var option in new[] { "-t, --target <TARGET>", "--dryrun", "-e, --exclusive", "--tree", "--description", "--version", "--info", "-w, --working <PATH>", "-v, --verbosity <VERBOSITY>" })
        {
            Assert.Contains($"  {option} ", build.Console.Output);
        }
    }

    [Fact]
    public void Help_runs_no_target() // --help with a target still only prints the help: nothing validates, nothing changes.
    {
        build.Succeeds("--help", "--target=ConfigUse", "--env=staging");

        Assert.DoesNotContain("Default environment:", build.Console.All);
        Assert.False(File.Exists(Path.Combine(build.Root, ".pipeline", "default-environment")));
    }

    [Theory]
    [InlineData("--version")]
    [InlineData("--info")]
    public void Version_and_info_print_the_pipelines_version_and_Cakes(string flag)
    {
        build.Succeeds(flag);

        var version = typeof(BuildHost).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        Assert.Contains($"Pipeline {version}", build.Console.Output);
        Assert.Contains("Cake 7.0.0", build.Console.Output);
        Assert.DoesNotContain("Unknown", build.Console.Output);
    }

    [Theory]
    [InlineData("Deplyo", "Did you mean Deploy?")]
    [InlineData("configvalidat", "Did you mean ConfigValidate?")]
    [InlineData("Rollbak", "Did you mean Rollback?")]
    [InlineData("Backu", "Did you mean Backup, BackupList, BackupVerify?")]
    public void An_unknown_target_is_refused_listing_the_closest_targets(string target, string suggestion)
    {
        Assert.NotEqual(0, build.Run($"--target={target}"));

        Assert.Contains($"The target '{target}' was not found. {suggestion}", build.Console.Error);
        Assert.DoesNotContain("Environment:", build.Console.All);
    }

    public void Dispose() => build.Dispose();
}
