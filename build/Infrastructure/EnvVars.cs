namespace Pipeline.Build.Infrastructure;

/// <summary>Environment variables the build reads.</summary>
public static class EnvVars
{
    public const string GitHubActions = "GITHUB_ACTIONS";
}
