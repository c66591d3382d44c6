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
        Ci.GitHubActions.Annotation(Severity == FindingSeverity.Error ? "error" : "warning", File, Line, Column, Code, Message);
}
