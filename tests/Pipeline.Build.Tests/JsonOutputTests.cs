using System.Text.Json;
using Pipeline.Core.Deployment;
using Pipeline.Core.State;

namespace Pipeline.Build.Tests;

/// <summary>ConfigShow and History with --output=json: one JSON document a script can read, in the shape the README gives.</summary>
public sealed class JsonOutputTests : IDisposable
{
    private readonly BuildRun build = new();

    [Fact]
    public void ConfigShow_as_json_gives_every_resolved_setting_by_path_with_secrets_masked()
    {
        build.Succeeds("--target=ConfigShow", "--env=staging", "--output=json");

        using var document = JsonDocument.Parse(JsonIn(build.Console.Output));
        var root = document.RootElement;
        Assert.Equal("staging", root.GetProperty("environment").GetString());
        Assert.Equal(build.EnvironmentFile("staging"), root.GetProperty("file").GetString());
        var settings = root.GetProperty("settings");
        Assert.Equal("8080", settings.GetProperty("server.port").GetString());
        Assert.Contains("store:staging/jwt-signing-key", settings.GetProperty("auth.signingKey").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void History_as_json_gives_the_records_and_the_live_version()
    {
        var history = new DeploymentHistory(new LocalStateStore(Path.Combine(build.Root, ".pipeline", "state", "development")));
        var started = new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
        history.Save(new DeploymentRecord
        {
            Id = "20261130-090000-a",
            Kind = DeploymentKind.Deploy,
            Environment = "development",
            Status = DeploymentStatus.Succeeded,
            ToVersion = "2026.11.30-aaaaaaa",
            Who = "dev@host",
            Started = started,
            Finished = started.AddMinutes(2),
        });

        build.Succeeds("--target=History", "--env=development", "--output=json");

        using var document = JsonDocument.Parse(JsonIn(build.Console.Output));
        var root = document.RootElement;
        Assert.Equal("development", root.GetProperty("environment").GetString());
        Assert.Equal("2026.11.30-aaaaaaa", root.GetProperty("live").GetString());
        var record = Assert.Single(root.GetProperty("records").EnumerateArray());
        Assert.Equal("deploy", record.GetProperty("kind").GetString());
        Assert.Equal("succeeded", record.GetProperty("status").GetString());
        Assert.Equal("dev@host", record.GetProperty("who").GetString());
    }

    [Fact]
    public void History_report_as_json_adds_the_dora_figures_and_writes_the_html_page()
    {
        var history = new DeploymentHistory(new LocalStateStore(Path.Combine(build.Root, ".pipeline", "state", "development")));
        var started = DateTimeOffset.UtcNow.AddDays(-3);
        foreach (var (id, status, offset) in new[] { ("a", DeploymentStatus.Succeeded, 0), ("b", DeploymentStatus.RolledBack, 1), ("c", DeploymentStatus.Succeeded, 2) })
        {
            history.Save(new DeploymentRecord
            {
                Id = $"2026113{offset}-090000-{id}",
                Kind = DeploymentKind.Deploy,
                Environment = "development",
                Status = status,
                ToVersion = "2026.11.30-aaaaaaa",
                Who = "dev@host",
                Started = started.AddDays(offset),
                Finished = started.AddDays(offset).AddMinutes(2),
            });
        }

        build.Succeeds("--target=History", "--env=development", "--output=json", "--report");

        using var document = JsonDocument.Parse(JsonIn(build.Console.Output));
        var dora = document.RootElement.GetProperty("dora");
        Assert.Equal(3, dora.GetProperty("deploys").GetInt32());
        Assert.Equal(2, dora.GetProperty("successfulDeploys").GetInt32());
        Assert.Equal(1.0 / 3, dora.GetProperty("changeFailureRate").GetDouble(), precision: 6);
        Assert.Equal(1, dora.GetProperty("restores").GetInt32());
        Assert.Contains("<svg", File.ReadAllText(Path.Combine(build.Root, "artifacts", "reports", "history-development.html")), StringComparison.Ordinal);
    }

    [Fact]
    public void Status_as_json_is_one_json_document()
    {
        build.Succeeds("--target=Status", "--env=development", "--output=json");

        using var document = JsonDocument.Parse(JsonIn(build.Console.Output));
        Assert.Equal("development", document.RootElement.GetProperty("environment").GetString());
    }

    [Fact]
    public void An_unknown_output_format_is_refused()
    {
        Assert.NotEqual(0, build.Run("--target=History", "--env=development", "--output=yaml"));

        Assert.Contains("--output: \"yaml\" is not an output format; expected table or json.", build.Console.Error);
    }

    // The one JSON document among the run's log lines: from the line that opens it to the line that closes it.
    private static string JsonIn(string output)
    {
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var first = lines.FindIndex(l => l == "{");
        var last = lines.FindLastIndex(l => l == "}");
        Assert.True(first >= 0 && last > first, output);
        return string.Join('\n', lines.Skip(first).Take(last - first + 1));
    }

    public void Dispose() => build.Dispose();
}
