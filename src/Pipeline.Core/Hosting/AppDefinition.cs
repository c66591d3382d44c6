namespace Pipeline.Core.Hosting;

/// <summary>
/// What the shipped app is, described once: its entry assembly, where its settings and migrations sit in a
/// release, and the environment variables it reads. Targets, the build validator and the tests start it from this.
/// </summary>
public sealed record AppDefinition
{
    private static readonly string[] EssentialVariables = ["PATH", "HOME", "DOTNET_ROOT"];

    /// <summary>The trading app as this repository builds it.</summary>
    public static AppDefinition TradingApp { get; } = new();

    /// <summary>The assembly <c>dotnet</c> runs, relative to the release directory.</summary>
    public string EntryAssembly { get; init; } = "Trading.App.dll";

    /// <summary>The runtime settings file the app reads, relative to the release directory.</summary>
    public string SettingsFile { get; init; } = "appsettings.json";

    /// <summary>The section of the settings file the environment's configuration is rendered into.</summary>
    public string SettingsSection { get; init; } = "Trading";

    /// <summary>The variable naming the directory of the app's own data (its SQLite file).</summary>
    public string DataDirectoryVariable { get; init; } = "TRADING_DATA_DIR";

    /// <summary>The static front end inside a release, published to S3 by an s3 target.</summary>
    public string WebRoot { get; init; } = "wwwroot";

    /// <summary>The app's own variables: where its data is.</summary>
    public IReadOnlyDictionary<string, string> Environment(string dataDirectory) => new Dictionary<string, string>
    {
        [DataDirectoryVariable] = dataDirectory,
        ["DOTNET_NOLOGO"] = "1",
    };

    /// <summary>
    /// Everything a process started with a cleared environment gets besides its own variables: where programs are
    /// (PATH, to find dotnet), HOME, and DOTNET_ROOT when the runtime is not in a standard place.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Essentials() =>
        EssentialVariables
            .Select(name => (Name: name, Value: System.Environment.GetEnvironmentVariable(name)))
            .Where(v => !string.IsNullOrEmpty(v.Value))
            .ToDictionary(v => v.Name, v => v.Value!, StringComparer.Ordinal);

    /// <summary>True when <paramref name="commandLine"/> (a /proc cmdline) runs this app.</summary>
    public bool IsRunBy(string commandLine) => commandLine.Contains(EntryAssembly, StringComparison.Ordinal);
}
