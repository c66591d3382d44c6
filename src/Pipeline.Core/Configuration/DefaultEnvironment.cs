namespace Pipeline.Core.Configuration;

/// <summary>The environment later runs use when no --env is given, as set by ConfigUse.</summary>
public sealed class DefaultEnvironment(string file)
{
    public const string Fallback = "development";

    public string File { get; } = file;

    public string? Read() =>
        System.IO.File.Exists(File) ? System.IO.File.ReadAllText(File).Trim() is { Length: > 0 } name ? name : null : null;

    public void Write(string environment) => AtomicFile.WriteAllText(File, environment + "\n");

    /// <summary>--env wins; then the default set by ConfigUse; then development.</summary>
    public string Resolve(string? fromCommandLine) => Choose(fromCommandLine).Name;

    /// <summary>The environment as <see cref="Resolve"/> picks it, and where it came from.</summary>
    public EnvironmentChoice Choose(string? fromCommandLine)
    {
        if (!string.IsNullOrWhiteSpace(fromCommandLine))
        {
            return new EnvironmentChoice(fromCommandLine, EnvironmentSource.CommandLine, File);
        }

        return Read() is { } kept
            ? new EnvironmentChoice(kept, EnvironmentSource.ConfigUse, File)
            : new EnvironmentChoice(Fallback, EnvironmentSource.Fallback, File);
    }
}
