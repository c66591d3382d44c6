using System.Globalization;
using System.Text;

namespace Pipeline.Core.Ci;

/// <summary>
/// GitHub Actions' side of a run: workflow commands (annotations) on standard output, step outputs appended to
/// <c>$GITHUB_OUTPUT</c> and Markdown appended to <c>$GITHUB_STEP_SUMMARY</c>. Outside Actions
/// (<c>GITHUB_ACTIONS</c> is not "true") every call does nothing. Annotations go to the raw writer, never
/// through a coloured log: a colour code before "::" stops GitHub from reading the command.
/// </summary>
public sealed class GitHubActions(Func<string, string?> variable, TextWriter output)
{
    public const string ActionsVariable = "GITHUB_ACTIONS";
    public const string OutputVariable = "GITHUB_OUTPUT";
    public const string SummaryVariable = "GITHUB_STEP_SUMMARY";

    // A byte-order mark at the start of $GITHUB_OUTPUT would become part of the first output's name.
    private static readonly UTF8Encoding NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The process's own environment and standard output.</summary>
    public static GitHubActions Current => new(Environment.GetEnvironmentVariable, Console.Out);

    public bool IsActive => variable(ActionsVariable) == "true";

    /// <summary>The run's page (server, repository, run id), when there is one.</summary>
    public string? RunUrl =>
        variable("GITHUB_RUN_ID") is { Length: > 0 } run && variable("GITHUB_REPOSITORY") is { Length: > 0 } repository
            ? $"{(variable("GITHUB_SERVER_URL") is { Length: > 0 } server ? server : "https://github.com")}/{repository}/actions/runs/{run}"
            : null;

    /// <summary>An error annotation on a file's line (file and line may be unknown).</summary>
    public void Error(string? file, int? line, int? column, string title, string message) =>
        Annotate("error", file, line, column, title, message);

    public void Warning(string? file, int? line, int? column, string title, string message) =>
        Annotate("warning", file, line, column, title, message);

    /// <summary>The workflow command of an annotation: <c>::error file=F,line=L,col=C,title=T::message</c>.</summary>
    public static string Annotation(string level, string? file, int? line, int? column, string title, string message)
    {
        var properties = new List<string>();
        if (file is { Length: > 0 })
        {
            properties.Add($"file={EscapeProperty(file)}");
        }

        if (line is > 0)
        {
            properties.Add(string.Create(CultureInfo.InvariantCulture, $"line={line}"));
        }

        if (column is > 0)
        {
            properties.Add(string.Create(CultureInfo.InvariantCulture, $"col={column}"));
        }

        properties.Add($"title={EscapeProperty(title)}");
        return $"::{level} {string.Join(',', properties)}::{EscapeData(message)}";
    }

    /// <summary>Sets a step output; a value over several lines is written with a delimiter, as GitHub documents.</summary>
    public void SetOutput(string name, string value)
    {
        if (!IsActive || variable(OutputVariable) is not { Length: > 0 } path)
        {
            return;
        }

        if (value.Contains('\n', StringComparison.Ordinal))
        {
            var delimiter = $"ghadelimiter_{Guid.NewGuid():N}";
            File.AppendAllText(path, $"{name}<<{delimiter}\n{value}\n{delimiter}\n", NoBom);
        }
        else
        {
            File.AppendAllText(path, $"{name}={value}\n", NoBom);
        }
    }

    /// <summary>Appends Markdown to the job summary.</summary>
    public void AppendSummary(string markdown)
    {
        if (IsActive && variable(SummaryVariable) is { Length: > 0 } path)
        {
            File.AppendAllText(path, markdown.EndsWith('\n') ? markdown : markdown + "\n", NoBom);
        }
    }

    /// <summary>Starts a collapsible group of log lines (<c>::group::title</c>), ended by <see cref="EndGroup"/>.</summary>
    public void StartGroup(string title) => Command($"::group::{EscapeData(title)}");

    public void EndGroup() => Command("::endgroup::");

    /// <summary>Escapes a table cell of a Markdown summary.</summary>
    public static string Cell(string? text) =>
        (text ?? string.Empty).Replace("|", "\\|", StringComparison.Ordinal).Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", "<br>", StringComparison.Ordinal);

    private void Command(string line)
    {
        if (IsActive)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }

    private void Annotate(string level, string? file, int? line, int? column, string title, string message)
    {
        if (IsActive)
        {
            output.WriteLine(Annotation(level, file, line, column, title, message));
            output.Flush();
        }
    }

    private static string EscapeData(string text) =>
        text.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);

    private static string EscapeProperty(string text) =>
        EscapeData(text).Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);
}
