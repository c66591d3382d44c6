using Microsoft.Extensions.Configuration;
using Trading.App.Settings;

namespace Trading.App.Tests.Unit;

/// <summary>The database section as RuntimeSettingsWriter renders it for staging and production.</summary>
public sealed class PostgreSqlSettingsTests
{
    private const string ConnectionString = "Host=db.staging.internal;Port=5433;Username=trading;Password=s3cret-Value;Database=trading";

    private static IConfiguration Configuration(string? connectionString) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Trading:name"] = "staging",
            ["Trading:database:engine"] = "postgresql",
            ["Trading:database:connectionString"] = connectionString,
            ["Trading:database:healthQuery"] = "SELECT 1",
            ["Trading:database:commandTimeoutSeconds"] = "20",
        }).Build();

    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void An_env_reference_is_resolved_from_the_apps_environment()
    {
        var settings = TradingSettings.From(Configuration("env:TRADING_STAGING_DB"), Environment(("TRADING_STAGING_DB", ConnectionString)));

        Assert.Equal(DatabaseEngine.PostgreSql, settings.Engine);
        Assert.Equal(ConnectionString, settings.ConnectionString);
        Assert.Null(settings.DatabasePath);
        Assert.Equal(20, settings.CommandTimeoutSeconds);
    }

    [Fact]
    public void The_connection_string_is_left_out_of_the_settings_text()
    {
        var settings = TradingSettings.From(Configuration("env:TRADING_STAGING_DB"), Environment(("TRADING_STAGING_DB", ConnectionString)));

        Assert.DoesNotContain("s3cret", settings.ToString(), StringComparison.Ordinal);
        Assert.Contains("ConnectionString = (hidden)", settings.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unset_variable_is_an_error_naming_the_setting_and_the_variable()
    {
        var error = Assert.Throws<TradingSettingsException>(() => TradingSettings.From(Configuration("env:TRADING_STAGING_DB"), Environment()));

        Assert.Equal(
            "appsettings.json: Trading:database:connectionString refers to the environment variable TRADING_STAGING_DB, which is not set in the app's environment; set it where the app runs.",
            error.Message);
    }

    [Fact]
    public void An_empty_variable_is_an_error_too()
    {
        var error = Assert.Throws<TradingSettingsException>(() => TradingSettings.From(Configuration("env:TRADING_STAGING_DB"), Environment(("TRADING_STAGING_DB", ""))));

        Assert.Contains("the environment variable TRADING_STAGING_DB, which is empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_store_reference_is_an_error_the_app_cannot_resolve()
    {
        var error = Assert.Throws<TradingSettingsException>(() => TradingSettings.From(Configuration("store:production/db-connection"), Environment()));

        Assert.StartsWith(
            "appsettings.json: Trading:database:connectionString is \"store:production/db-connection\", a secret-store reference the app cannot resolve where it runs",
            error.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_connection_string_is_an_error()
    {
        var error = Assert.Throws<TradingSettingsException>(() => TradingSettings.From(Configuration(null), Environment()));

        Assert.Contains("Trading:database:connectionString is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_literal_connection_string_is_refused_without_repeating_it()
    {
        var error = Assert.Throws<TradingSettingsException>(() => TradingSettings.From(Configuration(ConnectionString), Environment()));

        Assert.Contains("Trading:database:connectionString is not a secret reference (its value is not shown)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_variable_that_holds_no_connection_string_is_refused_without_repeating_it()
    {
        var error = Assert.Throws<TradingSettingsException>(() => TradingSettings.From(
            Configuration("env:TRADING_STAGING_DB"),
            Environment(("TRADING_STAGING_DB", "Password=s3cret-Value;Bogus Keyword=1"))));

        Assert.Contains("Trading:database:connectionString (env:TRADING_STAGING_DB) is not a valid PostgreSQL connection string", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", error.Message, StringComparison.Ordinal);
    }
}
