namespace Trading.App.Settings;

/// <summary>Where the app keeps its database: TRADING_DATA_DIR, else "data" under the content root.</summary>
public static class DataDirectory
{
    public const string EnvironmentVariable = "TRADING_DATA_DIR";

    public static string Resolve(string? configured, string contentRoot)
    {
        var directory = string.IsNullOrWhiteSpace(configured) ? "data" : configured;

        // A relative TRADING_DATA_DIR is taken from the content root, not from wherever the process started.
        return Path.GetFullPath(Path.Combine(contentRoot, directory));
    }
}
