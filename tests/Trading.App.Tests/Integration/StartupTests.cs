using Trading.App.Settings;
using Trading.App.Tests.Support;

namespace Trading.App.Tests.Integration;

public sealed class StartupTests
{
    private const string OlderSchemaMessage =
        "trading.db: schema version 1, this build of the app expects 2 (migrations/0002_add_order_client_id.up.sql); apply pending migrations with ./build.sh --target=Deploy";

    [Fact]
    public async Task The_schema_check_fails_for_a_database_at_an_older_version()
    {
        using var workspace = new AppWorkspace();
        workspace.Migrate(upToVersion: 1);
        await using var app = TradingApplication.Create([], workspace.HostOptions());

        var check = TradingApplication.CheckSchema(app);

        Assert.False(check.IsCurrent);
        Assert.Equal(OlderSchemaMessage, check.Message);
    }

    [Fact]
    public async Task The_app_process_refuses_to_start_on_an_older_schema_and_says_why()
    {
        using var workspace = new AppWorkspace();
        workspace.Migrate(upToVersion: 1);

        var (exitCode, stderr) = await RunAppProcessAsync(workspace);

        Assert.Equal(1, exitCode);
        Assert.Contains(OlderSchemaMessage, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_app_process_refuses_to_start_without_a_database()
    {
        using var workspace = new AppWorkspace();

        var (exitCode, stderr) = await RunAppProcessAsync(workspace);

        Assert.Equal(1, exitCode);
        Assert.Contains($"trading.db: no database at {workspace.DatabasePath}", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(workspace.DatabasePath));
    }

    [Fact]
    public async Task The_app_process_refuses_to_start_without_its_settings()
    {
        using var workspace = new AppWorkspace();
        workspace.Migrate();
        workspace.WriteSettings(settings => settings["Trading"]!.AsObject().Remove("name"));

        var (exitCode, stderr) = await RunAppProcessAsync(workspace);

        Assert.Equal(2, exitCode);
        Assert.Contains("appsettings.json: Trading:name is missing", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Creating_the_app_without_an_environment_name_fails_with_the_setting_named()
    {
        using var workspace = new AppWorkspace();
        workspace.WriteSettings(settings => settings["Trading"]!.AsObject().Remove("name"));

        var error = Assert.Throws<TradingSettingsException>(() => TradingApplication.Create([], workspace.HostOptions()));

        Assert.Contains("Trading:name is missing", error.Message, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string StandardError)> RunAppProcessAsync(AppWorkspace workspace)
    {
        var (exitCode, _, stderr) = await AppProcess.RunAsync(workspace);
        return (exitCode, stderr);
    }
}
