namespace Pipeline.Core.Processes;

/// <summary>A process to start: the program, its arguments (never one string to be split), where, and the variables it adds.</summary>
public sealed record ProcessSpec(string FileName, IReadOnlyList<string> Arguments, string WorkingDirectory, IReadOnlyDictionary<string, string> Environment);
