using Cake.Core;
using Cake.Core.IO;
using Cake.Core.Tooling;
using Pipeline.Core.Processes;

namespace Pipeline.Core.Databases.MongoDb;

/// <summary>
/// Runs one of the MongoDB Database Tools: resolves the executable (settings ToolPath, else ./tools/** and PATH),
/// captures stdout and stderr line by line, and turns a missing executable or a non-zero exit into a
/// <see cref="MongoToolException"/> whose text has the connection string masked.
/// </summary>
public abstract class MongoTool<TSettings> : Tool<TSettings>
    where TSettings : MongoToolSettings
{
    private readonly CakeToolHost services;

    protected MongoTool(CakeToolHost services)
        : base(services.FileSystem, services.Environment, services.ProcessRunner, services.Locator)
    {
        this.services = services;
    }

    /// <summary>"mongodump" or "mongorestore".</summary>
    protected abstract string ExecutableName { get; }

    protected override string GetToolName() => ExecutableName;

    protected override IEnumerable<string> GetToolExecutableNames() => [ExecutableName, ExecutableName + ".exe"];

    /// <summary>Runs the tool to completion and returns everything it printed (stderr and stdout, interleaved as received).</summary>
    protected async Task<IReadOnlyList<string>> ExecuteAsync(TSettings settings, ProcessArgumentBuilder arguments, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(settings.Uri))
        {
            throw new ArgumentException($"{ExecutableName}: settings.Uri is empty; expected a mongodb:// or mongodb+srv:// connection string.", nameof(settings));
        }

        var toolPath = GetToolPath(settings);
        if (toolPath is null || !services.FileSystem.Exist(toolPath))
        {
            throw NotInstalled(settings);
        }

        var output = new List<string>();
        string? Collect(string? line)
        {
            if (line is not null)
            {
                lock (output)
                {
                    output.Add(line);
                }
            }

            // Returning null keeps Cake from queueing the line a second time.
            return null;
        }

        var processSettings = new ProcessSettings
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectedStandardOutputHandler = Collect,
            RedirectedStandardErrorHandler = Collect,
        };

        cancellationToken.ThrowIfCancellationRequested();
        var process = RunProcess(settings, arguments, processSettings);

        // Cake's process API blocks, so the wait runs on the pool. On cancellation the caller is released at once:
        // Cake's Kill also waits until the output pipes close, which a child of the tool may keep open.
        var exited = Task.Run(
            () =>
            {
                process.WaitForExit();
                return process.GetExitCode();
            },
            CancellationToken.None);
        _ = exited.ContinueWith(_ => process.Dispose(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        int exitCode;
        try
        {
            exitCode = await exited.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _ = Task.Run(() => Kill(process), CancellationToken.None);
            throw;
        }

        IReadOnlyList<string> lines;
        lock (output)
        {
            lines = [.. output];
        }

        if (exitCode != 0)
        {
            throw new MongoToolException(
                ExecutableName,
                $"{ExecutableName} failed with exit code {exitCode}; expected 0. Its last output:{Environment.NewLine}{MongoToolOutput.Tail(lines, settings.Uri)}");
        }

        return lines;
    }

    /// <summary><paramref name="name"/>=<paramref name="value"/> when there is a value.</summary>
    protected static void AppendOptionalSwitch(ProcessArgumentBuilder arguments, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            arguments.AppendSwitchQuoted(name, "=", value);
        }
    }

    private static void Kill(IProcess process)
    {
        try
        {
            process.Kill();
        }
        catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException)
        {
            // It exited (and was disposed) between the cancellation and the kill.
        }
    }

    private MongoToolException NotInstalled(TSettings settings)
    {
        string where;
        if (settings.ToolPath is not null)
        {
            where = $"at {settings.ToolPath.MakeAbsolute(services.Environment).FullPath} (settings ToolPath)";
        }
        else
        {
            var tools = services.Environment.WorkingDirectory.Combine("tools").FullPath;
            var path = services.Environment.GetEnvironmentVariable("PATH") ?? "";
            where = $"in {tools}/** or on PATH ({path})";
        }

        return new MongoToolException(
            ExecutableName,
            $"{ExecutableName} is not installed: no executable named {ExecutableName} {where}. To fix: {MongoToolOutput.InstallHint}, or point ToolPath at it.");
    }
}
