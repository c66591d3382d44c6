namespace Pipeline.Core.Quality;

public enum FindingSeverity
{
    Warning,
    Error,
}

/// <summary>One lint finding at a place in a file.</summary>
public sealed record Finding(string File, int Line, int Column, FindingSeverity Severity, string Code, string Message)
{
    /// <summary>The form a person reads and editors jump to: file:line: message.</summary>
    public override string ToString() => $"{File}:{Line}: {Code}: {Message}";

    /// <summary>A GitHub Actions workflow command that annotates the line in the pull request.</summary>
    public string ToGitHubAnnotation() =>
        $"::{(Severity == FindingSeverity.Error ? "error" : "warning")} file={File},line={Line},col={Column},title={Code}::{Escape(Message)}";

    private static string Escape(string text) =>
        text.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);
}
