namespace Pipeline.Core.Quality;

/// <summary>Finds programs on a PATH and files on disk: the real lookup, over the PATH it is given.</summary>
public sealed class ToolLookup(string? pathVariable)
{
    /// <summary>The lookup of this process: its PATH.</summary>
    public static ToolLookup FromEnvironment() => new(Environment.GetEnvironmentVariable("PATH"));

    public bool IsOnPath(string program) =>
        (pathVariable ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, program)));

    public static bool Exists(string path) => File.Exists(path) || Directory.Exists(path);
}
