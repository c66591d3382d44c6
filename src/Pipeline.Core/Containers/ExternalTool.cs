using Cake.Core;
using Cake.Core.IO;
using Cake.Core.Tooling;
using Pipeline.Core.Databases.PostgreSql;
using Pipeline.Core.Processes;

namespace Pipeline.Core.Containers;

/// <summary>A program the base image is made with (debootstrap, tar), as a Cake tool: a non-zero exit throws with its reason.</summary>
public abstract class ExternalTool(CakeToolHost host, string executable, string package)
    : Tool<ToolSettings>(host.FileSystem, host.Environment, host.ProcessRunner, host.Locator)
{
    protected sealed override string GetToolName() => executable;

    protected sealed override IEnumerable<string> GetToolExecutableNames() => [executable];

    protected override IEnumerable<FilePath> GetAlternativeToolPaths(ToolSettings settings) =>
        [new FilePath($"/usr/sbin/{executable}"), new FilePath($"/usr/bin/{executable}")];

    protected void Execute(ProcessArgumentBuilder arguments, string what, CancellationToken cancellationToken)
    {
        var settings = new ToolSettings();
        var path = GetToolPath(settings);
        if (path is null || !File.Exists(path.FullPath))
        {
            throw new ContainerException($"{executable} is not installed (looked on PATH, /usr/sbin and /usr/bin); scripts/prerequisites.sh installs the Debian package {package}.");
        }

        var process = RunProcess(settings, arguments, new ProcessSettings { RedirectStandardOutput = true, RedirectStandardError = true });
        using (cancellationToken.Register(process.Kill))
        {
            process.WaitForExit();
        }

        cancellationToken.ThrowIfCancellationRequested();
        var run = new ToolRun(process.GetExitCode(), process.GetStandardOutput().ToList(), process.GetStandardError().ToList());
        if (!run.Succeeded)
        {
            throw new ContainerException($"{what} failed: {executable} exited with code {run.ExitCode}: {run.ErrorSummary()} {string.Join(" | ", run.Output.TakeLast(3))}");
        }
    }
}
