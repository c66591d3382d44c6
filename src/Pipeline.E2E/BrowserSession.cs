using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace Pipeline.E2E;

/// <summary>A headless Chromium with a fresh profile, driven by chromedriver; closed and its profile removed on dispose.</summary>
public sealed class BrowserSession : IDisposable
{
    private readonly string profile = Directory.CreateTempSubdirectory("pipeline-chromium-").FullName;
    private readonly ChromeDriverService service;

    public BrowserSession(BrowserOptions options)
    {
        options.EnsureInstalled();
        service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(options.DriverPath)!, Path.GetFileName(options.DriverPath));
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;

        var chrome = new ChromeOptions { BinaryLocation = options.ChromiumPath };

        // Without the background-networking flags Chromium keeps dialling Google on a closed network.
        chrome.AddArguments(
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--window-size=1280,900", $"--user-data-dir={profile}");
        chrome.SetLoggingPreference(LogType.Browser, LogLevel.All);
        Driver = new ChromeDriver(service, chrome, TimeSpan.FromSeconds(60));
    }

    public IWebDriver Driver { get; }

    public IReadOnlyList<string> ConsoleLog() =>
        Driver.Manage().Logs.GetLog(LogType.Browser).Select(e => $"{e.Timestamp:O} {e.Level} {e.Message}").ToList();

    public void Dispose()
    {
        Driver.Quit();
        Driver.Dispose();
        service.Dispose();
        try
        {
            Directory.Delete(profile, recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still be closing files; the directory is in the temp area.
        }
    }
}
