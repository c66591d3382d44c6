using System.Diagnostics;

namespace Pipeline.Core.Tests.Support;

/// <summary>Runs the repository's scripts and command-line tools as a user would, for tests of what the README tells them to run.</summary>
public static class Script
{
    public static string RepositoryRoot
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Pipeline.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("Pipeline.sln not found above the test output.");
        }
    }

    /// <summary>Runs <paramref name="script"/> (relative to the repository) with <paramref name="arguments"/>; returns its output, fails on a non-zero exit.</summary>
    public static string Run(string script, params string[] arguments) => Pipe(null, Path.Combine(RepositoryRoot, script), arguments);

    /// <summary>Runs <paramref name="program"/> with <paramref name="input"/> on its standard input; returns its output, fails on a non-zero exit.</summary>
    public static string Pipe(string? input, string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(input ?? string.Empty);
        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} did not finish within 60 s");
        }

        return process.ExitCode == 0
            ? output.Result
            : throw new InvalidOperationException($"{program} exited with code {process.ExitCode}: {error.Result}");
    }
}
