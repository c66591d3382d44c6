using Cake.Core;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Testing;
using Spectre.Console;

namespace Pipeline.Build.Tests;

/// <summary>A copy of the repository's configuration in a temporary directory, and the real build host run in it.</summary>
public sealed class BuildRun : IDisposable
{
    public BuildRun()
    {
        Root = Directory.CreateTempSubdirectory("pipeline-build-").FullName;
        var source = Path.Combine(AppContext.BaseDirectory, "repository");
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(Root, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public string Root { get; }

    public RecordingConsole Console { get; private set; } = new();

    /// <summary>Registrations over the host's own, made for every run (a different tool lookup, say).</summary>
    public Action<IServiceCollection>? Services { get; set; }

    public string EnvironmentFile(string name) => Path.Combine(Root, "config", "environments", name + ".json");

    public int Run(params string[] args)
    {
        Console = new RecordingConsole();
        var report = new StringWriter();
        var console = Console;

        // Cake's environment moves the process's current directory to --working; put it back so the
        // temporary directory can be deleted and the next run does not start inside a deleted one.
        var currentDirectory = Directory.GetCurrentDirectory();
        try
        {
            return RunHost(args, console, report);
        }
        finally
        {
            Directory.SetCurrentDirectory(currentDirectory);
        }
    }

    private int RunHost(string[] args, RecordingConsole console, StringWriter report) =>
        BuildHost.Create()
            .ConfigureServices(services =>
            {
                services.AddSingleton<IConsole>(console);
                services.AddSingleton(AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, Out = new AnsiConsoleOutput(report) }));
                Services?.Invoke(services);
            })
            .Run([.. args, "--working", Root, "--verbosity=verbose"]);

    /// <summary>Runs and asserts success, showing what the run printed when it did not succeed.</summary>
    public void Succeeds(params string[] args)
    {
        var exitCode = Run(args);
        Assert.True(exitCode == 0, $"exit code {exitCode}:\n{Console.All}");
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
