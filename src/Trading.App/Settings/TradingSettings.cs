using System.Globalization;
using System.Text;
using Npgsql;

namespace Trading.App.Settings;

/// <summary>
/// What the app reads from the "Trading" section of appsettings.json, the file the pipeline's ConfigGenerate
/// writes for each environment. <see cref="DatabasePath"/> is set for SQLite, <see cref="ConnectionString"/>
/// (resolved from its "env:NAME" reference) for PostgreSQL.
/// </summary>
public sealed record TradingSettings(string EnvironmentName, DatabaseEngine Engine, string? DatabasePath, int CommandTimeoutSeconds, string LogFormat)
{
    public const string SectionName = "Trading";
    public const string ConnectionStringKey = "Trading:database:connectionString";

    /// <summary>PostgreSQL only: the connection string, resolved. A secret: <see cref="ToString"/> leaves it out.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>Whether /metrics is served (Trading:monitoring:metricsEnabled).</summary>
    public bool MetricsEnabled { get; init; }

    /// <summary>The share of order POSTs, 0-100, that answer 500 (Trading:faults:orderErrorPercent; a release's fault for proving rollouts).</summary>
    public int OrderErrorPercent { get; init; }

    /// <summary>Reads and checks the settings; every problem is reported at once.</summary>
    /// <param name="configuration">The app's configuration.</param>
    /// <param name="environment">Looks up environment variables for "env:NAME" references; default: the process's.</param>
    /// <exception cref="TradingSettingsException">A setting is missing or has a value the app cannot use.</exception>
    public static TradingSettings From(IConfiguration configuration, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        environment ??= Environment.GetEnvironmentVariable;
        var section = configuration.GetSection(SectionName);
        var problems = new List<string>();

        var name = section["name"];
        if (string.IsNullOrWhiteSpace(name))
        {
            problems.Add("Trading:name is missing; it names the environment (development, staging, production)");
        }

        var engineText = section["database:engine"];
        DatabaseEngine? engine = engineText?.ToLowerInvariant() switch
        {
            "sqlite" => DatabaseEngine.Sqlite,
            "postgresql" => DatabaseEngine.PostgreSql,
            _ => null,
        };
        string? path = null;
        string? connectionString = null;
        switch (engine)
        {
            case DatabaseEngine.Sqlite:
                path = section["database:path"];
                if (string.IsNullOrWhiteSpace(path))
                {
                    problems.Add("Trading:database:path is missing; it names the SQLite file under the data directory");
                }

                break;
            case DatabaseEngine.PostgreSql:
                var reference = section["database:connectionString"];
                connectionString = SecretReference.Resolve(ConnectionStringKey, reference, environment, problems);
                if (connectionString is not null && !IsPostgreSqlConnectionString(connectionString))
                {
                    problems.Add($"{ConnectionStringKey} ({reference}) is not a valid PostgreSQL connection string (its value is not shown); expected Host=...;Port=...;Username=...;Password=...;Database=...");
                    connectionString = null;
                }

                break;
            default:
                problems.Add($"Trading:database:engine is \"{engineText}\"; this app supports \"sqlite\" and \"postgresql\"");
                break;
        }

        var timeout = 30;
        var timeoutText = section["database:commandTimeoutSeconds"];
        if (timeoutText is not null && (!int.TryParse(timeoutText, NumberStyles.None, CultureInfo.InvariantCulture, out timeout) || timeout < 1))
        {
            problems.Add($"Trading:database:commandTimeoutSeconds is \"{timeoutText}\"; expected a whole number of seconds, at least 1");
        }

        var metricsText = section["monitoring:metricsEnabled"];
        var metricsEnabled = false;
        if (metricsText is not null && !bool.TryParse(metricsText, out metricsEnabled))
        {
            problems.Add($"Trading:monitoring:metricsEnabled is \"{metricsText}\"; expected true or false");
        }

        var faultText = section["faults:orderErrorPercent"];
        var errorPercent = 0;
        if (faultText is not null && (!int.TryParse(faultText, NumberStyles.None, CultureInfo.InvariantCulture, out errorPercent) || errorPercent > 100))
        {
            problems.Add($"Trading:faults:orderErrorPercent is \"{faultText}\"; expected a whole number from 0 to 100");
        }

        return problems.Count > 0
            ? throw new TradingSettingsException("appsettings.json: " + string.Join("; ", problems) + ".")
            : new TradingSettings(name!, engine!.Value, path, timeout, section["logging:format"] ?? "text")
            {
                ConnectionString = connectionString,
                MetricsEnabled = metricsEnabled,
                OrderErrorPercent = errorPercent,
            };
    }

    /// <summary>Whether Npgsql accepts the string and it names a host and a database; the parser's message is dropped, as it can quote the password.</summary>
    private static bool IsPostgreSqlConnectionString(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return !string.IsNullOrWhiteSpace(builder.Host) && !string.IsNullOrWhiteSpace(builder.Database);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"EnvironmentName = {EnvironmentName}, Engine = {Engine}, DatabasePath = {DatabasePath}, ");
        builder.Append(CultureInfo.InvariantCulture, $"ConnectionString = {(ConnectionString is null ? string.Empty : "(hidden)")}, ");
        builder.Append(CultureInfo.InvariantCulture, $"CommandTimeoutSeconds = {CommandTimeoutSeconds}, LogFormat = {LogFormat}, ");
        builder.Append(CultureInfo.InvariantCulture, $"MetricsEnabled = {MetricsEnabled}, OrderErrorPercent = {OrderErrorPercent}");
        return true;
    }
}
