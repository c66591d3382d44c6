using Pipeline.Core.Deployment;

namespace Pipeline.Build.Infrastructure;

/// <summary>Asks at the terminal; never in CI or when input is redirected, where nobody could answer.</summary>
public sealed class ConsoleApprovalPrompt : IApprovalPrompt
{
    public string? Ask(string question)
    {
        if (Console.IsInputRedirected || Environment.GetEnvironmentVariable("CI") is { Length: > 0 } || Environment.GetEnvironmentVariable(EnvVars.GitHubActions) == "true")
        {
            return null;
        }

        Console.Error.Write(question);
        return Console.ReadLine();
    }
}
