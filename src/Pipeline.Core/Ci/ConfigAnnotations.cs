using Pipeline.Core.Configuration;

namespace Pipeline.Core.Ci;

/// <summary>Configuration faults as GitHub error annotations on the key's line, so a pull request shows each where it is.</summary>
public static class ConfigAnnotations
{
    public const string Title = "Configuration";

    public static void Write(GitHubActions actions, IEnumerable<ConfigError> errors, string repositoryRoot)
    {
        ArgumentNullException.ThrowIfNull(actions);
        foreach (var error in errors)
        {
            actions.Error(RepositoryPath(error.File, repositoryRoot), error.Line, error.Column, Title, $"{error.JsonPath}: found {error.Found}; expected {error.Expected}");
        }
    }

    // GitHub places an annotation by the file's path in the repository; a path outside it (a backup) is left as it is.
    private static string RepositoryPath(string file, string root)
    {
        var relative = Path.GetRelativePath(root, file);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? file : relative.Replace('\\', '/');
    }
}
