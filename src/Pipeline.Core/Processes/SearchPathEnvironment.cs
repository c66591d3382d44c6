using Cake.Core;
using Cake.Core.IO;

namespace Pipeline.Core.Processes;

/// <summary>
/// The process's Cake environment with PATH replaced: Cake's tool resolution reads PATH from the environment,
/// so this is how a tool lookup is pointed at chosen directories without touching the process's own PATH.
/// </summary>
internal sealed class SearchPathEnvironment(ICakeEnvironment inner, string searchPath) : ICakeEnvironment
{
    public DirectoryPath WorkingDirectory
    {
        get => inner.WorkingDirectory;
        set => inner.WorkingDirectory = value;
    }

    public DirectoryPath ApplicationRoot => inner.ApplicationRoot;

    public ICakePlatform Platform => inner.Platform;

    public ICakeRuntime Runtime => inner.Runtime;

    public DirectoryPath GetSpecialPath(SpecialPath path) => inner.GetSpecialPath(path);

    public string GetEnvironmentVariable(string variable) =>
        string.Equals(variable, "PATH", StringComparison.Ordinal) ? searchPath : inner.GetEnvironmentVariable(variable);

    public IDictionary<string, string> GetEnvironmentVariables()
    {
        var variables = new Dictionary<string, string>(inner.GetEnvironmentVariables(), StringComparer.Ordinal)
        {
            ["PATH"] = searchPath,
        };
        return variables;
    }
}
