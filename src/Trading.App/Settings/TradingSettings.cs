using System.Globalization;

namespace Trading.App.Settings;

/// <summary>
/// What the app reads from the "Trading" section of appsettings.json, the file the pipeline's ConfigGenerate
/// writes for each environment.
/// </summary>
public sealed record TradingSettings(string EnvironmentName, string DatabasePath, int CommandTimeoutSeconds, string LogFormat)
{
    public const string SectionName = "Trading";

    /// <summary>Reads and checks the settings; every problem is reported at once.</summary>
    /// <exception cref="TradingSettingsException">A setting is missing or has a value the app cannot use.</exception>
    public static TradingSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SectionName);
        var problems = new List<string>();

        var name = section["name"];
        if (string.IsNullOrWhiteSpace(name))
        {
            problems.Add("Trading:name is missing; it names the environment (development, staging, production)");
        }

        var engine = section["database:engine"];
        if (!string.Equals(engine, "sqlite", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"Trading:database:engine is \"{engine}\"; this app supports only \"sqlite\"");
        }

        var path = section["database:path"];
        if (string.IsNullOrWhiteSpace(path))
        {
            problems.Add("Trading:database:path is missing; it names the SQLite file under the data directory");
        }

        var timeout = 30;
        var timeoutText = section["database:commandTimeoutSeconds"];
        if (timeoutText is not null && (!int.TryParse(timeoutText, NumberStyles.None, CultureInfo.InvariantCulture, out timeout) || timeout < 1))
        {
            problems.Add($"Trading:database:commandTimeoutSeconds is \"{timeoutText}\"; expected a whole number of seconds, at least 1");
        }

        return problems.Count > 0
            ? throw new TradingSettingsException("appsettings.json: " + string.Join("; ", problems) + ".")
            : new TradingSettings(name!, path!, timeout, section["logging:format"] ?? "text");
    }
}
