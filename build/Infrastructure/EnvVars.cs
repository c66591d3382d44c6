namespace Pipeline.Build.Infrastructure;

/// <summary>Environment variables the build reads.</summary>
public static class EnvVars
{
    public const string GitHubActions = "GITHUB_ACTIONS";
    public const string GitHubActor = "GITHUB_ACTOR";
    public const string GitHubRunId = "GITHUB_RUN_ID";
}
