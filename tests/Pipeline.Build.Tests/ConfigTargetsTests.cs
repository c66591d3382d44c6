namespace Pipeline.Build.Tests;

public sealed class ConfigTargetsTests : IDisposable
{
    private readonly BuildRun build = new();

    [Fact]
    public void ConfigValidate_passes_for_production()
    {
        build.Succeeds("--target=ConfigValidate", "--env=production");
        Assert.Contains("production.json: valid", build.Console.Output);
    }

    [Fact]
    public void ConfigValidate_fails_on_a_broken_copy_with_the_path_of_every_fault()
    {
        var file = build.EnvironmentFile("production");
        File.WriteAllText(file, File.ReadAllText(file)
            .Replace("\"level\": \"warning\"", "\"level\": \"debug\"", StringComparison.Ordinal)
            .Replace("\"requireApproval\": true", "\"requireApproval\": false", StringComparison.Ordinal));

        var exitCode = build.Run("--target=ConfigValidate", "--env=production");

        Assert.NotEqual(0, exitCode);
        Assert.Contains($"{file}: $.logging.level: found \"debug\"", build.Console.Error);
        Assert.Contains($"{file}: $.deployment.requireApproval: found false", build.Console.Error);
        Assert.Contains("ConfigValidate", build.Console.Error);
    }

    [Fact]
    public void An_unknown_environment_fails_naming_the_known_ones()
    {
        var exitCode = build.Run("--target=ConfigValidate", "--env=prod");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("unknown environment \"prod\"", build.Console.All);
        Assert.Contains("development, production, staging", build.Console.Error);
    }

    [Fact]
    public void ConfigDiff_prints_keyed_differences()
    {
        build.Succeeds("--target=ConfigDiff", "--env=development", "--against=production");
        Assert.Contains("development -> production:", build.Console.Output);
        Assert.Contains("~ logging.level: \"debug\" -> \"warning\"", build.Console.Output);
    }

    [Fact]
    public void ConfigDiff_without_against_says_what_is_missing()
    {
        var exitCode = build.Run("--target=ConfigDiff", "--env=development");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("--against: missing", build.Console.Error);
    }

    [Fact]
    public void ConfigUse_sets_the_default_and_env_still_wins()
    {
        build.Succeeds("--target=ConfigUse", "--env=staging");

        build.Succeeds("--target=ConfigValidate");
        Assert.Contains("staging.json: valid", build.Console.Output);

        build.Succeeds("--target=ConfigValidate", "--env=production");
        Assert.Contains("production.json: valid", build.Console.Output);
    }

    [Fact]
    public void ConfigGenerate_writes_the_runtime_settings()
    {
        build.Succeeds("--target=ConfigGenerate", "--env=development");
        var written = File.ReadAllText(Path.Combine(build.Root, "artifacts", "config", "development", "appsettings.json"));
        Assert.Contains("\"Default\": \"Debug\"", written);
    }

    [Fact]
    public void ConfigShow_masks_a_resolved_secret_everywhere_in_the_log()
    {
        const string secret = "mk-live-7f3a9c2e11";
        Environment.SetEnvironmentVariable("MARKET_DATA_API_KEY", secret);
        try
        {
            var exitCode = build.Run("--target=ConfigShow", "--env=staging");

            Assert.Equal(0, exitCode);
            Assert.Contains("services.marketData.apiKey = **** (env:MARKET_DATA_API_KEY, set)", build.Console.Output);
            Assert.DoesNotContain(secret, build.Console.All);
        }
        finally
        {
            Environment.SetEnvironmentVariable("MARKET_DATA_API_KEY", null);
        }
    }

    [Fact]
    public void ConfigBackup_then_ConfigRestore_lists_and_restores_and_refuses_an_unknown_id()
    {
        var file = build.EnvironmentFile("staging");
        var original = File.ReadAllText(file);
        build.Succeeds("--target=ConfigBackup", "--env=staging");
        File.WriteAllText(file, "{ broken");

        build.Succeeds("--target=ConfigRestore", "--env=staging");
        var listing = build.Console.Output;
        Assert.Contains("1 backup(s) of staging", listing);

        Assert.NotEqual(0, build.Run("--target=ConfigRestore", "--env=staging", "--backup=20990101-000000-000-00000000"));
        Assert.Contains("no backup \"20990101-000000-000-00000000\"", build.Console.Error);
        Assert.Equal("{ broken", File.ReadAllText(file));

        var id = System.Text.RegularExpressions.Regex.Match(listing, @"\d{8}-\d{6}-\d{3}-[0-9a-f]{8}").Value;
        build.Succeeds("--target=ConfigRestore", "--env=staging", $"--backup={id}");
        Assert.Equal(original, File.ReadAllText(file));
    }

    [Fact]
    public void The_tree_of_Test_shows_Lint_beneath_it()
    {
        build.Succeeds("--tree", "--target=Test");
        var tree = build.Console.Output;
        Assert.True(tree.IndexOf("Test", StringComparison.Ordinal) < tree.IndexOf("Lint", StringComparison.Ordinal), tree);
    }

    [Fact]
    public void ConfigValidate_reports_key_and_rule_faults_in_one_run_with_their_lines()
    {
        var file = build.EnvironmentFile("staging");
        File.WriteAllText(file, File.ReadAllText(file)
            .Replace("\"port\": 8080", "\"prot\": 8080", StringComparison.Ordinal)
            .Replace("\"tokenLifetimeMinutes\": 60", "\"tokenLifetimeMinutes\": 5000", StringComparison.Ordinal));
        var line = Array.FindIndex(File.ReadAllLines(file), l => l.Contains("tokenLifetimeMinutes", StringComparison.Ordinal)) + 1;

        Assert.NotEqual(0, build.Run("--target=ConfigValidate", "--env=staging"));

        Assert.Contains("3 configuration error(s):", build.Console.Error);
        Assert.Contains($"{file}: $.server.prot: found an unknown key", build.Console.Error);
        Assert.Contains($"{file}: $.auth.tokenLifetimeMinutes: found 5000; expected ", build.Console.Error);
        Assert.Contains($"(line {line})", build.Console.Error);
    }

    public void Dispose() => build.Dispose();
}
