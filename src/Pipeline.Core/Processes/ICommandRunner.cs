namespace Pipeline.Core.Processes;

/// <summary>A command to run: the program, its arguments (never joined into one string) and where.</summary>
public sealed record Command(string Program, IReadOnlyList<string> Arguments, string WorkingDirectory)
{
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public override string ToString() => $"{Program} {string.Join(' ', Arguments.Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"\"{a}\"" : a))}";
}

/// <summary>What a command printed and how it ended.</summary>
public sealed record CommandResult(int ExitCode, IReadOnlyList<string> Output);

/// <summary>Runs external programs; output is streamed line by line as it comes.</summary>
public interface ICommandRunner
{
    Task<CommandResult> RunAsync(Command command, Action<string>? onLine = null, CancellationToken cancellationToken = default);
}
