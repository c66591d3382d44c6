using System.Diagnostics;

namespace Pipeline.Build.Tests.Deploys;

/// <summary>A workspace's checkout as a git repository of one commit: Image takes its revision and created labels from the artifact's commit.</summary>
internal static class CheckoutCommit
{
    public static string Make(string root)
    {
        Git(root, "init", "--quiet");
        Git(root, "add", "--all");
        Git(root, "-c", "user.name=tests", "-c", "user.email=tests@example.invalid", "commit", "--quiet", "--message=configuration");
        return Git(root, "rev-parse", "HEAD");
    }

    private static string Git(string root, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = root, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var git = Process.Start(start)!;
        var output = git.StandardOutput.ReadToEnd().Trim();
        git.WaitForExit();
        Assert.Equal(0, git.ExitCode);
        return output;
    }
}
