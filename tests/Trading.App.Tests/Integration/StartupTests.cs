using System.Diagnostics;
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

    /// <summary>
    /// Runs the built app (Trading.App.dll, copied next to the tests) the way a server does: from its content
    /// root, with TRADING_DATA_DIR. The app must exit on its own; the deadline only stops a runaway app.
    /// </summary>
    private static async Task<(int ExitCode, string StandardError)> RunAppProcessAsync(AppWorkspace workspace)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workspace.ContentRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Trading.App.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        start.Environment["TRADING_DATA_DIR"] = workspace.DataDirectory;
        start.Environment["DOTNET_NOLOGO"] = "1";

        using var process = Process.Start(start)!;
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync(deadline.Token);
            await stdout;
            return (process.ExitCode, await stderr);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
