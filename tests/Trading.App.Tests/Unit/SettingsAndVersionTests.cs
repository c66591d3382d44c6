using Microsoft.Extensions.Configuration;
using Trading.App.Settings;
using Trading.App.Versioning;

namespace Trading.App.Tests.Unit;

public sealed class SettingsAndVersionTests
{
    private static IConfiguration Configuration(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void Settings_are_read_from_the_trading_section_with_camel_case_keys()
    {
        var settings = TradingSettings.From(Configuration(
            ("Trading:name", "staging"),
            ("Trading:database:engine", "sqlite"),
            ("Trading:database:path", "orders.db"),
            ("Trading:database:commandTimeoutSeconds", "12"),
            ("Trading:logging:format", "json")));

        Assert.Equal(new TradingSettings("staging", DatabaseEngine.Sqlite, "orders.db", 12, "json"), settings);
    }

    [Fact]
    public void Missing_or_unusable_settings_are_all_reported_at_once()
    {
        var error = Assert.Throws<TradingSettingsException>(() => TradingSettings.From(Configuration(
            ("Trading:database:engine", "oracle"),
            ("Trading:database:commandTimeoutSeconds", "soon"))));

        Assert.Contains("Trading:name is missing", error.Message, StringComparison.Ordinal);
        Assert.Contains("Trading:database:engine is \"oracle\"; this app supports \"sqlite\" and \"postgresql\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("Trading:database:commandTimeoutSeconds is \"soon\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sqlite_still_needs_its_path()
    {
        var error = Assert.Throws<TradingSettingsException>(() => TradingSettings.From(Configuration(
            ("Trading:name", "development"),
            ("Trading:database:engine", "sqlite"))));

        Assert.Equal("appsettings.json: Trading:database:path is missing; it names the SQLite file under the data directory.", error.Message);
    }

    [Fact]
    public void The_data_directory_defaults_to_data_under_the_content_root()
    {
        Assert.Equal(Path.GetFullPath("/srv/app/data"), DataDirectory.Resolve(null, "/srv/app"));
        Assert.Equal(Path.GetFullPath("/srv/app/data"), DataDirectory.Resolve(" ", "/srv/app"));
    }

    [Fact]
    public void A_relative_data_directory_is_under_the_content_root_and_an_absolute_one_is_kept()
    {
        Assert.Equal(Path.GetFullPath("/srv/app/state"), DataDirectory.Resolve("state", "/srv/app"));
        Assert.Equal(Path.GetFullPath("/var/lib/trading"), DataDirectory.Resolve("/var/lib/trading", "/srv/app"));
    }

    [Fact]
    public void The_commit_after_a_plus_is_split_from_the_version()
    {
        Assert.Equal(new AppVersion("2026.11.22-3f9c2ab", "3f9c2ab0d1e2"), AppVersion.Parse("2026.11.22-3f9c2ab+3f9c2ab0d1e2"));
        Assert.Equal(new AppVersion("2026.11.22-3f9c2ab", null), AppVersion.Parse("2026.11.22-3f9c2ab"));
        Assert.Equal(new AppVersion("1.0.0", null), AppVersion.Parse("1.0.0+"));
    }

    [Fact]
    public void The_version_of_the_app_assembly_is_its_informational_version()
    {
        var version = AppVersion.Of(typeof(TradingApplication).Assembly);

        Assert.False(string.IsNullOrEmpty(version.Version));
        Assert.DoesNotContain('+', version.Version);
    }
}
