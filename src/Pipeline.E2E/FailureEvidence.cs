using OpenQA.Selenium;

namespace Pipeline.E2E;

/// <summary>What a failed browser run leaves behind for a person: a screenshot, the page's HTML and the console log.</summary>
public static class FailureEvidence
{
    public static IReadOnlyList<string> Capture(BrowserSession browser, string directory)
    {
        Directory.CreateDirectory(directory);
        var files = new List<string>();
        var screenshot = Path.Combine(directory, "failure.png");
        ((ITakesScreenshot)browser.Driver).GetScreenshot().SaveAsFile(screenshot);
        files.Add(screenshot);

        var html = Path.Combine(directory, "failure.html");
        File.WriteAllText(html, browser.Driver.PageSource);
        files.Add(html);

        var console = Path.Combine(directory, "browser-console.log");
        File.WriteAllLines(console, browser.ConsoleLog());
        files.Add(console);
        return files;
    }
}
