namespace Pipeline.Build.Tests;

/// <summary>A run says first which environment it acts on and why that one: the wrong environment must be seen before anything happens.</summary>
public sealed class EnvironmentBannerTests : IDisposable
{
    private readonly BuildRun build = new();

    [Fact]
    public void An_env_flag_is_named_as_the_source()
    {
        build.Succeeds("--target=ConfigValidate", "--env=staging");

        Assert.StartsWith("Environment: staging (from --env)", FirstLine());
    }

    [Fact]
    public void Without_a_flag_the_ConfigUse_default_is_named_with_its_file()
    {
        build.Succeeds("--target=ConfigUse", "--env=staging");

        build.Succeeds("--target=ConfigValidate");

        Assert.StartsWith($"Environment: staging (from ConfigUse, kept in {Path.Combine(build.Root, ".pipeline", "default-environment")})", FirstLine());
    }

    [Fact]
    public void Without_a_flag_or_a_default_development_is_said_to_be_the_default()
    {
        build.Succeeds("--target=ConfigValidate");

        Assert.StartsWith("Environment: development (the default: no --env given and no ConfigUse default set)", FirstLine());
    }

    [Fact]
    public void Production_is_announced_by_a_banner_before_anything_else()
    {
        build.Succeeds("--target=ConfigValidate", "--env=production");

        var banner = Lines().Take(4).ToList();
        Assert.Equal(new string('=', 78), banner[0]);
        Assert.Equal("==  ENVIRONMENT: PRODUCTION  (from --env)", banner[1]);
        Assert.Equal("==  This run acts on the live trading environment.", banner[2]);
        Assert.Equal(new string('=', 78), banner[3]);
        Assert.DoesNotContain("Environment: production", build.Console.All);
    }

    [Fact]
    public void A_production_default_from_ConfigUse_gets_the_banner_too()
    {
        build.Succeeds("--target=ConfigUse", "--env=production");

        build.Succeeds("--target=ConfigValidate");

        Assert.StartsWith("==  ENVIRONMENT: PRODUCTION  (from ConfigUse, kept in ", Lines().ElementAt(1));
    }

    [Fact]
    public void A_run_of_targets_that_read_no_environment_names_none()
    {
        build.Succeeds("--target=ConfigList");

        Assert.DoesNotContain("Environment:", build.Console.All);
        Assert.DoesNotContain("ENVIRONMENT", build.Console.All);
    }

    [Fact]
    public void ConfigList_fails_when_an_environment_does_not_validate_and_still_lists_them_all()
    {
        var file = build.EnvironmentFile("staging");
        File.WriteAllText(file, File.ReadAllText(file).Replace("\"port\":", "\"prot\":", StringComparison.Ordinal));

        var exitCode = build.Run("--target=ConfigList");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("staging      INVALID (", build.Console.Output);
        Assert.Contains("production   valid", build.Console.Output);
        Assert.Contains("1 environment(s) do not validate: staging. ConfigValidate --env=<name> lists each fault.", build.Console.Error);
    }

    [Fact]
    public void ConfigList_succeeds_when_every_environment_validates() => build.Succeeds("--target=ConfigList");

    private string FirstLine() => Lines().First();

    // What the run printed once its setup began (the host's own verbose lines before it aside).
    private IEnumerable<string> Lines() =>
        build.Console.Output.Split('\n').Select(l => l.TrimEnd()).SkipWhile(l => l != "Executing custom setup action...").Skip(1).Where(l => l.Length > 0);

    public void Dispose() => build.Dispose();
}
