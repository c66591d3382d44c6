namespace Pipeline.Core.Databases.PostgreSql;

/// <summary>How a client tool run ended and what it printed.</summary>
public sealed record ToolRun(int ExitCode, IReadOnlyList<string> Output, IReadOnlyList<string> Errors)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>The last few error lines, for a message; tools print the cause last.</summary>
    public string ErrorSummary(int lines = 5) =>
        Errors.Count == 0 ? "(no error output)" : string.Join(" | ", Errors.TakeLast(lines).Select(l => l.Trim()));
}
