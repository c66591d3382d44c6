using System.Text.Json.Nodes;
using Pipeline.Core.Configuration;
using Pipeline.Core.Configuration.Model;

namespace Pipeline.Core.Tests;

public sealed class EnvironmentLoaderTests : IDisposable
{
    private readonly TempEnvironments environments = new();

    private EnvironmentLoader Loader => new(new EnvironmentCatalog(environments.Directory));

    [Theory]
    [InlineData("development")]
    [InlineData("staging")]
    [InlineData("production")]
    public void The_committed_environments_are_valid(string name)
    {
        var settings = Loader.Load(name);

        Assert.Equal(name, settings.Name);
    }

    [Fact]
    public void An_unknown_environment_names_the_known_ones()
    {
        var error = Assert.Throws<ConfigurationException>(() => Loader.Load("prod"));

        Assert.Contains("--env", error.Message);
        Assert.Contains("\"prod\"", error.Message);
        Assert.Contains("development, production, staging", error.Message);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        File.Delete(environments.PathOf("staging"));

        var error = Assert.Throws<ConfigurationException>(() => Loader.Load("staging"));

        Assert.Contains(environments.PathOf("staging"), error.Message);
        Assert.Contains("does not exist", error.Message);
    }

    [Fact]
    public void Invalid_json_gives_the_line_and_column()
    {
        environments.Write("staging", "{\n  \"name\": \"staging\",\n  \"server\": { \"port\": 80,, }\n}");

        var error = Assert.Single(Assert.Throws<ConfigurationException>(() => Loader.Load("staging")).Errors);

        Assert.Equal(environments.PathOf("staging"), error.File);
        Assert.Equal("line 3, column 26", error.JsonPath);
        Assert.Equal("invalid JSON", error.Found);
    }

    [Fact]
    public void Every_shape_error_is_reported_at_once_with_path_value_and_expectation()
    {
        environments.Edit("staging", root =>
        {
            root["server"]!["port"] = "8080";
            root["logging"]!["level"] = "verbose";
            root["caching"]!["enabled"] = 1;
            root["deployment"]!["targets"]![0]!["colour"] = "blue";
            root["auth"]!.AsObject().Remove("issuer");
        });

        var errors = Assert.Throws<ConfigurationException>(() => Loader.Load("staging")).Errors;

        Assert.Equal(5, errors.Count);
        Assert.All(errors, e => Assert.Equal(environments.PathOf("staging"), e.File));
        Assert.Contains(errors, e => e is { JsonPath: "$.server.port", Found: "the string \"8080\"", Expected: "a whole number" });
        Assert.Contains(errors, e => e.JsonPath == "$.logging.level" && e.Expected == "one of: trace, debug, information, warning, error");
        Assert.Contains(errors, e => e is { JsonPath: "$.caching.enabled", Expected: "true or false" });
        Assert.Contains(errors, e => e is { JsonPath: "$.deployment.targets[0].colour", Found: "an unknown key" });
        Assert.Contains(errors, e => e is { JsonPath: "$.auth.issuer", Found: "nothing (the key is missing)" });
    }

    [Fact]
    public void A_secret_written_as_a_literal_is_rejected_without_echoing_it()
    {
        environments.Edit("staging", root => root["auth"]!["signingKey"] = "hunter2-super-secret");

        var error = Assert.Throws<ConfigurationException>(() => Loader.Load("staging"));

        Assert.Contains("$.auth.signingKey", error.Message);
        Assert.DoesNotContain("hunter2", error.Message);
    }

    [Fact]
    public void Production_is_held_to_stricter_rules()
    {
        environments.Edit("production", root =>
        {
            root["logging"]!["level"] = "debug";
            root["deployment"]!["targets"]!.AsArray().RemoveAt(2);
            root["deployment"]!["targets"]!.AsArray().RemoveAt(2);
            root["deployment"]!["targets"]!.AsArray().RemoveAt(2);
            root["services"]!["marketData"]!["url"] = "http://api.marketdata.example.com";
            root["notifications"] = new JsonObject();
            root["deployment"]!["requireApproval"] = false;
        });

        var errors = Assert.Throws<ConfigurationException>(() => Loader.Load("production")).Errors;

        Assert.Equal(
            ["$.deployment.requireApproval", "$.deployment.targets", "$.logging.level", "$.notifications", "$.services.marketData.url"],
            errors.Select(e => e.JsonPath).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_same_settings_are_accepted_outside_production()
    {
        environments.Edit("staging", root =>
        {
            root["logging"]!["level"] = "debug";
            root["deployment"]!["targets"]!.AsArray().RemoveAt(2);
            root["notifications"] = new JsonObject();
        });

        Assert.Equal(LogLevelSetting.Debug, Loader.Load("staging").Logging.Level);
    }

    [Fact]
    public void Sqlite_is_refused_unless_the_environment_has_exactly_one_local_target()
    {
        environments.Edit("staging", root => root["database"] = new JsonObject { ["engine"] = "sqlite", ["path"] = "trading.db" });

        var error = Assert.Single(Assert.Throws<ConfigurationException>(() => Loader.Load("staging")).Errors);

        Assert.Equal("$.database.engine", error.JsonPath);
        Assert.Contains("app-1 (ssh), app-2 (ssh)", error.Found);
        Assert.Contains("exactly one target of kind local", error.Expected);
    }

    [Fact]
    public void The_strategy_is_an_object_and_a_kind_this_version_cannot_run_is_refused()
    {
        environments.Edit("staging", root => root["deployment"]!["strategy"] = new JsonObject { ["kind"] = "shadow" });

        var error = Assert.Single(Assert.Throws<ConfigurationException>(() => Loader.Load("staging")).Errors);

        Assert.Equal("$.deployment.strategy.kind", error.JsonPath);
        Assert.Contains("shadow", error.Found, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rolling_strategy_takes_a_batch_size_or_a_maximum_unavailable_of_at_least_one_but_not_both()
    {
        environments.Edit("staging", root => root["deployment"]!["strategy"] = new JsonObject { ["kind"] = "rolling", ["maxUnavailable"] = 2 });
        Assert.Equal(2, Loader.Load("staging").Deployment.Strategy.RollingBatchSize);

        environments.Edit("staging", root => root["deployment"]!["strategy"] = new JsonObject { ["kind"] = "rolling", ["batchSize"] = 0 });
        var error = Assert.Single(Assert.Throws<ConfigurationException>(() => Loader.Load("staging")).Errors);
        Assert.Equal(("$.deployment.strategy.batchSize", "0", "a number from 1 to 1000"), (error.JsonPath, error.Found, error.Expected));

        environments.Edit("staging", root => root["deployment"]!["strategy"] = new JsonObject { ["kind"] = "rolling", ["batchSize"] = 1, ["maxUnavailable"] = 1 });
        Assert.Equal("$.deployment.strategy", Assert.Single(Assert.Throws<ConfigurationException>(() => Loader.Load("staging")).Errors).JsonPath);

        environments.Edit("staging", root => root["deployment"]!["strategy"] = new JsonObject { ["kind"] = "allAtOnce", ["batchSize"] = 2 });
        Assert.Contains("kind \"rolling\"", Assert.Single(Assert.Throws<ConfigurationException>(() => Loader.Load("staging")).Errors).Expected);
    }

    [Fact]
    public void An_ssh_target_needs_its_user_identity_pinned_host_key_and_address_and_says_which_is_missing()
    {
        environments.Edit("staging", root => root["deployment"]!["targets"]![1] = new JsonObject { ["name"] = "app-1", ["kind"] = "ssh", ["host"] = "app-1.staging.internal", ["path"] = "srv/trading" });

        var errors = Assert.Throws<ConfigurationException>(() => Loader.Load("staging")).Errors;

        Assert.Equal(
            ["$.deployment.targets[1].hostKey", "$.deployment.targets[1].identity", "$.deployment.targets[1].path", "$.deployment.targets[1].url", "$.deployment.targets[1].user"],
            errors.Select(e => e.JsonPath).Order(StringComparer.Ordinal));
        Assert.Contains("absolute", errors.Single(e => e.JsonPath.EndsWith(".path", StringComparison.Ordinal)).Expected);
    }

    [Fact]
    public void A_host_key_that_is_neither_a_public_key_nor_a_sha256_fingerprint_and_a_systemd_service_are_refused()
    {
        environments.Edit("staging", root =>
        {
            root["deployment"]!["targets"]![1]!["hostKey"] = "MD5:16:27:ac:a5";
            root["deployment"]!["targets"]![2]!["service"] = "trading.service";
        });

        var errors = Assert.Throws<ConfigurationException>(() => Loader.Load("staging")).Errors;

        Assert.Equal(("\"MD5:16:27:ac:a5\"", "$.deployment.targets[1].hostKey"), (errors[0].Found, errors[0].JsonPath));
        Assert.Contains("SHA256", errors[0].Expected);
        Assert.Equal("$.deployment.targets[2].service", errors[1].JsonPath);
        Assert.Contains("systemd units are not supported: systemd is not running on the machines", errors[1].Expected);
        Assert.Equal("\"trading.service\"", errors[1].Found);
    }

    [Fact]
    public void An_environment_cannot_promote_from_itself()
    {
        environments.Edit("production", root => root["deployment"]!["promoteFrom"] = "production");

        Assert.Equal("$.deployment.promoteFrom", Assert.Single(Assert.Throws<ConfigurationException>(() => Loader.Load("production")).Errors).JsonPath);
    }

    [Fact]
    public void The_name_inside_must_match_the_file()
    {
        environments.Edit("staging", root => root["name"] = "stage");

        var error = Assert.Single(Assert.Throws<ConfigurationException>(() => Loader.Load("staging")).Errors);

        Assert.Equal("$.name", error.JsonPath);
    }

    [Fact]
    public void A_key_given_twice_is_an_error_naming_the_file_path_and_key_instead_of_the_last_winning()
    {
        environments.Write("staging", environments.Read("staging").Replace("\"port\": 8080,", "\"port\": 8080,\n    \"port\": 9090,", StringComparison.Ordinal));

        var exception = Assert.Throws<ConfigurationException>(() => Loader.Load("staging"));

        var error = Assert.Single(exception.Errors);
        Assert.Equal(environments.PathOf("staging"), error.File);
        Assert.Equal("$.server.port", error.JsonPath);
        Assert.Equal("the key \"port\" 2 times in the same object", error.Found);
        Assert.Contains($"{environments.PathOf("staging")}: $.server.port: found the key \"port\" 2 times", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicated_keys_are_found_at_every_depth_and_reported_together_without_their_values()
    {
        var text = environments.Read("staging")
            .Replace("\"name\": \"staging\",", "\"name\": \"staging\",\n  \"name\": \"staging\",", StringComparison.Ordinal)
            .Replace("\"shortSelling\": true,", "\"shortSelling\": true,\n    \"shortSelling\": false,", StringComparison.Ordinal)
            .Replace("\"signingKey\": \"store:staging/jwt-signing-key\"", "\"signingKey\": \"store:staging/jwt-signing-key\", \"signingKey\": \"env:PASTED_KEY_NAME\"", StringComparison.Ordinal);
        var targets = text.IndexOf("\"targets\": [", StringComparison.Ordinal);
        var firstTargetName = text.IndexOf("\"name\":", targets, StringComparison.Ordinal);
        text = text.Insert(firstTargetName, "\"kind\": \"ssh\", ");
        environments.Write("staging", text);

        var errors = Assert.Throws<ConfigurationException>(() => Loader.Load("staging")).Errors;

        Assert.Equal(
            ["$.auth.signingKey", "$.deployment.targets[0].kind", "$.featureFlags.shortSelling", "$.name"],
            errors.Select(e => e.JsonPath).Order(StringComparer.Ordinal));
        Assert.All(errors, e => Assert.Equal(environments.PathOf("staging"), e.File));
        Assert.DoesNotContain(errors, e => e.ToString().Contains("PASTED_KEY_NAME", StringComparison.Ordinal));
    }

    public void Dispose() => environments.Dispose();
}
