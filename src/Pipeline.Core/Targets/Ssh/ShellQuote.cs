namespace Pipeline.Core.Targets.Ssh;

/// <summary>Quotes a word for a POSIX shell, so a path or value is passed as one argument and never interpreted.</summary>
public static class ShellQuote
{
    public static string Of(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
