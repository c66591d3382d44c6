namespace Pipeline.Core.Audit;

/// <summary>Who acted: the user, the machine, and the CI run when there is one.</summary>
public sealed record AuditActor(string User, string Host, string? CiRun)
{
    /// <summary>The actor of this process: under GitHub Actions the workflow's actor and run, else the OS user.</summary>
    public static AuditActor Current() =>
        From(System.Environment.GetEnvironmentVariable, System.Environment.UserName, System.Environment.MachineName);

    internal static AuditActor From(Func<string, string?> variable, string osUser, string host)
    {
        var githubActor = variable("GITHUB_ACTOR");
        var user = string.IsNullOrEmpty(githubActor) ? osUser : githubActor;
        return new AuditActor(user, host, CiRunOf(variable));
    }

    private static string? CiRunOf(Func<string, string?> variable)
    {
        if (variable("GITHUB_ACTIONS") != "true")
        {
            return null;
        }

        var runId = variable("GITHUB_RUN_ID");
        return string.IsNullOrEmpty(runId) ? "github-actions" : $"github-actions run {runId}";
    }
}
