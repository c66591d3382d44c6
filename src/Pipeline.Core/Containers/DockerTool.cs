using Cake.Core;
using Cake.Core.IO;
using Cake.Core.Tooling;
using Pipeline.Core.Databases.PostgreSql;
using Pipeline.Core.Processes;

namespace Pipeline.Core.Containers;

/// <summary>
/// The docker client as a Cake tool: found on the search path, run with its output captured, killed when the run is
/// cancelled. Each command is a small subclass that builds its arguments from typed settings.
/// </summary>
public abstract class DockerTool<TSettings>(CakeToolHost host)
    : Tool<TSettings>(host.FileSystem, host.Environment, host.ProcessRunner, host.Locator)
    where TSettings : DockerSettings
{
    protected sealed override string GetToolName() => "docker";

    protected sealed override IEnumerable<string> GetToolExecutableNames() => ["docker"];

    /// <summary>Runs docker with <paramref name="arguments"/>; a non-zero exit throws, naming <paramref name="what"/> and docker's reason.</summary>
    protected ToolRun Execute(TSettings settings, ProcessArgumentBuilder arguments, string what, CancellationToken cancellationToken)
    {
        var run = TryExecute(settings, arguments, cancellationToken);
        return run.Succeeded
            ? run
            : throw new ContainerException($"docker {what} exited with code {run.ExitCode}: {run.ErrorSummary()}");
    }

    /// <summary>Runs docker and returns how it ended; a non-zero exit is the caller's to judge.</summary>
    protected ToolRun TryExecute(TSettings settings, ProcessArgumentBuilder arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        cancellationToken.ThrowIfCancellationRequested();
        var path = GetToolPath(settings);
        if (path is null || !File.Exists(path.FullPath))
        {
            throw new ContainerException("The docker client is not installed (looked for docker on PATH); scripts/prerequisites.sh installs docker.io.");
        }

        var process = RunProcess(settings, arguments, new ProcessSettings { RedirectStandardOutput = true, RedirectStandardError = true });
        using (cancellationToken.Register(process.Kill))
        {
            process.WaitForExit();
        }

        cancellationToken.ThrowIfCancellationRequested();
        return new ToolRun(process.GetExitCode(), process.GetStandardOutput().ToList(), process.GetStandardError().ToList());
    }
}
