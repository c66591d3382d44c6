using Cake.Core;
using Cake.Core.IO;
using Cake.Core.Tooling;
using Pipeline.Core.Processes;

namespace Pipeline.Core.Databases.PostgreSql;

/// <summary>
/// A PostgreSQL client program as a Cake tool: found on the search path or in a versioned Debian bin directory,
/// run with its output captured, killed when the run is cancelled.
/// </summary>
public abstract class PostgreSqlClientTool<TSettings>(CakeToolHost host, PostgreSqlToolSearch search)
    : Tool<TSettings>(host.FileSystem, host.Environment, host.ProcessRunner, host.Locator)
    where TSettings : PostgreSqlToolSettings
{
    protected abstract string ExecutableName { get; }

    /// <summary>The executable that would run; a clear error when it is not installed.</summary>
    public string Locate(TSettings settings)
    {
        var path = GetToolPath(settings);
        return path is not null && System.IO.File.Exists(path.FullPath) ? path.FullPath : throw search.NotInstalled(ExecutableName);
    }

    /// <summary>The major version the tool reports with --version.</summary>
    public int ReadMajorVersion(TSettings settings, CancellationToken cancellationToken = default)
    {
        var run = Execute(settings, new ProcessArgumentBuilder().Append("--version"), cancellationToken);
        var line = run.Output.Count > 0 ? run.Output[0] : string.Empty;
        return run.Succeeded
            ? PostgreSqlVersion.MajorFromToolVersion(ExecutableName, line)
            : throw new PostgreSqlException($"{ExecutableName} --version exited with code {run.ExitCode}: {run.ErrorSummary()}");
    }

    protected sealed override string GetToolName() => ExecutableName;

    protected sealed override IEnumerable<string> GetToolExecutableNames() => [ExecutableName];

    protected override IEnumerable<FilePath> GetAlternativeToolPaths(TSettings settings) =>
        search.VersionedBinDirectories().Select(directory => new FilePath(System.IO.Path.Combine(directory, ExecutableName)));

    /// <summary>Runs the tool and returns how it ended; a non-zero exit is the caller's to judge.</summary>
    protected ToolRun Execute(TSettings settings, ProcessArgumentBuilder arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        cancellationToken.ThrowIfCancellationRequested();
        _ = Locate(settings);
        var process = RunProcess(settings, arguments, new ProcessSettings { RedirectStandardOutput = true, RedirectStandardError = true });
        using (cancellationToken.Register(process.Kill))
        {
            process.WaitForExit();
        }

        cancellationToken.ThrowIfCancellationRequested();
        return new ToolRun(process.GetExitCode(), process.GetStandardOutput().ToList(), process.GetStandardError().ToList());
    }
}
