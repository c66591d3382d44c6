namespace Pipeline.Core.Processes;

/// <summary>A process to start: the program, its arguments (never one string to be split), where, and the variables it adds.</summary>
public sealed record ProcessSpec(string FileName, IReadOnlyList<string> Arguments, string WorkingDirectory, IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>False: the process gets <see cref="Environment"/> and nothing of the starting process's own variables.</summary>
    public bool InheritEnvironment { get; init; } = true;
}
