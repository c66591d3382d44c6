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
    public string Resolve(string? fromCommandLine) =>
        !string.IsNullOrWhiteSpace(fromCommandLine) ? fromCommandLine : Read() ?? Fallback;
}
