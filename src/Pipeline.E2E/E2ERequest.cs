namespace Pipeline.E2E;

/// <summary>What to test: the app project, the development settings to run it with, and where results go.</summary>
public sealed record E2ERequest(
    string AppProject,
    string SettingsFile,
    string DatabaseFile,
    string ResultsDirectory,
    string Version,
    BrowserOptions Browser,
    TimeSpan StepTimeout,
    TimeSpan StartupDeadline);

/// <summary>How the browser tests ended and what they left behind.</summary>
public sealed record E2EReport(IReadOnlyList<StepResult> Steps, string JUnitFile, string AppLog, IReadOnlyList<string> Evidence)
{
    public bool Passed => Steps.Count > 0 && Steps.All(s => s.Passed);
}
