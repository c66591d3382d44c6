using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Core.Configuration.Model;

namespace Pipeline.Core.Configuration;

/// <summary>
/// Writes the settings the trading app reads at run time for one environment. Secrets stay references:
/// the app resolves them where it runs, so the file carries no secret. The output is deterministic, so
/// the same configuration always gives the same bytes.
/// </summary>
public static class RuntimeSettingsWriter
{
    public const string FileName = "appsettings.json";

    public static string Render(EnvironmentSettings settings)
    {
        var app = JsonSerializer.SerializeToNode(settings, ConfigJson.Options)!.AsObject();
        app.Remove("deployment");
        app.Remove("notifications");
        var root = new JsonObject
        {
            ["Logging"] = new JsonObject
            {
                ["LogLevel"] = new JsonObject { ["Default"] = AspNetLevel(settings.Logging.Level) },
            },
            ["Trading"] = app,
        };
        return root.ToJsonString(ConfigJson.Options) + "\n";
    }

    /// <summary>Writes <see cref="FileName"/> under <paramref name="directory"/> and returns its path.</summary>
    public static string Write(EnvironmentSettings settings, string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        AtomicFile.WriteAllText(path, Render(settings));
        return path;
    }

    private static string AspNetLevel(LogLevelSetting level) => level switch
    {
        LogLevelSetting.Trace => "Trace",
        LogLevelSetting.Debug => "Debug",
        LogLevelSetting.Information => "Information",
        LogLevelSetting.Warning => "Warning",
        _ => "Error",
    };
}
