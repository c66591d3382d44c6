namespace Pipeline.E2E;

/// <summary>Where the browser and its driver are; Debian's chromium and chromium-driver by default.</summary>
public sealed record BrowserOptions(string ChromiumPath = "/usr/bin/chromium", string DriverPath = "/usr/bin/chromedriver")
{
    public void EnsureInstalled()
    {
        foreach (var path in new[] { ChromiumPath, DriverPath })
        {
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"{path}: not installed; the browser tests need Debian's chromium and chromium-driver (scripts/prerequisites.sh installs them).", path);
            }
        }
    }
}
