using Pipeline.Core.Configuration;
using Pipeline.Core.Secrets;

namespace Pipeline.Core.Tests;

public sealed class ConfigToolsTests : IDisposable
{
    private readonly TempEnvironments environments = new();

    private EnvironmentLoader Loader => new(new EnvironmentCatalog(environments.Directory));

    [Fact]
    public void Diff_is_keyed_by_path_and_reads_as_added_removed_changed()
    {
        var differences = ConfigDiff.Compare(Loader.Load("development"), Loader.Load("production"));
        var lines = differences.Select(d => d.ToString()).ToList();

        Assert.Contains("~ logging.level: \"debug\" -> \"warning\"", lines);
        Assert.Contains("+ deployment.promoteFrom: \"staging\"", lines);
        Assert.Contains("- database.path: \"trading.db\"", lines);
        Assert.Contains("+ database.connectionString: env:TRADING_PRODUCTION_DB", lines);
        Assert.DoesNotContain(differences, d => d.Path == "name");
    }

    [Fact]
    public void Diff_of_an_environment_with_itself_is_empty()
    {
        Assert.Empty(ConfigDiff.Compare(Loader.Load("staging"), Loader.Load("staging")));
    }

    [Fact]
    public void Show_resolves_secrets_but_masks_their_values()
    {
        var masker = new SecretMasker();
        var secrets = new SecretResolver(
            [new EnvironmentSecretSource(name => name == "MARKET_DATA_API_KEY" ? "md-key-0123456789" : null), new FileSecretStore("/nonexistent/secrets.json")],
            masker);

        var lines = ResolvedSettingsView.Lines(Loader.Load("staging"), secrets);

        Assert.Contains("services.marketData.apiKey = **** (env:MARKET_DATA_API_KEY, set)", lines);
        Assert.Contains(lines, l => l.StartsWith("auth.signingKey = (not set: store:staging/jwt-signing-key", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("md-key-0123456789", StringComparison.Ordinal));
        Assert.Equal("key=****", masker.Apply("key=md-key-0123456789"));
    }

    [Fact]
    public void Generated_runtime_settings_carry_no_pipeline_sections_and_are_deterministic()
    {
        var settings = Loader.Load("staging");

        var first = RuntimeSettingsWriter.Render(settings);
        var second = RuntimeSettingsWriter.Render(Loader.Load("staging"));

        Assert.Equal(first, second);
        Assert.Contains("\"Default\": \"Information\"", first);
        Assert.Contains("\"signingKey\": \"store:staging/jwt-signing-key\"", first);
        Assert.DoesNotContain("deployment", first);
        Assert.DoesNotContain("notifications", first);
    }

    [Fact]
    public void The_committed_schema_matches_the_model()
    {
        var committed = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "environments", EnvironmentCatalog.SchemaFileName));

        Assert.Equal(EnvironmentSchema.Render(), committed);
    }

    [Fact]
    public void The_schema_forbids_unknown_keys_and_constrains_secrets()
    {
        var schema = EnvironmentSchema.Render();

        Assert.Contains("\"additionalProperties\": false", schema);
        Assert.Contains("\"pattern\": \"^(?<source>env|store):", schema);
    }

    [Fact]
    public void Every_key_of_the_schema_has_a_description()
    {
        var schema = System.Text.Json.Nodes.JsonNode.Parse(EnvironmentSchema.Render())!;

        var undescribed = Keys(schema, "$").Where(k => k.Schema is not System.Text.Json.Nodes.JsonObject o || o["description"] is null).Select(k => k.Path).ToList();

        Assert.True(undescribed.Count == 0, "keys without a description: " + string.Join(", ", undescribed));
        Assert.True(Keys(schema, "$").Count() > 100, "the walk found the keys");
    }

    [Fact]
    public void The_schema_carries_the_limits_and_defaults_validation_uses()
    {
        var schema = System.Text.Json.Nodes.JsonNode.Parse(EnvironmentSchema.Render())!;
        var keys = Keys(schema, "$").ToDictionary(k => k.Path, k => k.Schema!);

        Assert.Equal(1, (int)keys["$.server.port"]["minimum"]!);
        Assert.Equal(65535, (int)keys["$.server.port"]["maximum"]!);
        Assert.Equal(1440, (int)keys["$.auth.tokenLifetimeMinutes"]["maximum"]!);
        Assert.Equal(2, (int)keys["$.deployment.retention.releases"]["minimum"]!);
        Assert.Null(keys["$.deployment.retention.releases"]["maximum"]);
        Assert.Equal(5, (int)keys["$.deployment.retention.releases"]["default"]!);
        Assert.Equal("SELECT 1", (string)keys["$.database.healthQuery"]["default"]!);
        Assert.Equal(587, (int)keys["$.notifications.email.smtpPort"]["default"]!);
        Assert.Null(keys["$.server.host"]["default"]);
    }

    // Every property of every object in the schema, with its path; array items and map values as [] and {}.
    private static IEnumerable<(string Path, System.Text.Json.Nodes.JsonNode? Schema)> Keys(System.Text.Json.Nodes.JsonNode node, string path)
    {
        if (node is not System.Text.Json.Nodes.JsonObject obj)
        {
            yield break;
        }

        if (obj["properties"] is System.Text.Json.Nodes.JsonObject properties)
        {
            foreach (var (name, value) in properties)
            {
                yield return ($"{path}.{name}", value);
                foreach (var nested in Keys(value!, $"{path}.{name}"))
                {
                    yield return nested;
                }
            }
        }

        foreach (var (part, suffix) in new[] { ("items", "[]"), ("additionalProperties", "{}") })
        {
            if (obj[part] is { } inner)
            {
                foreach (var nested in Keys(inner, path + suffix))
                {
                    yield return nested;
                }
            }
        }
    }

    public void Dispose() => environments.Dispose();
}
