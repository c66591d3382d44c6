using System.Globalization;
using Pipeline.Core.Hosting;
using Pipeline.Core.Processes;

namespace Pipeline.Core.Deployment;

/// <summary>
/// Runs the app from the live release as a process of its own session, so it keeps serving after the
/// pipeline exits. A restart hands the port over: the new process starts first and waits for the port,
/// then the old one is stopped gracefully (SIGTERM, SIGKILL after a grace period), so the port changes hands in
/// moments (connections attempted in that gap are refused), and a pipeline killed mid-restart leaves the old or
/// the new process serving. Process ids
/// are kept in shared/ and checked against the process's command line before any signal is sent.
/// </summary>
public sealed class AppSupervisor(ReleaseServer server, AppDefinition? app = null, IProcessLauncher? launcher = null)
{
    private const int PortWaitSeconds = 30;
    private readonly AppDefinition app = app ?? AppDefinition.TradingApp;
    private readonly IProcessLauncher launcher = launcher ?? ProcessLauncher.Instance;

    public string PidFile => Path.Combine(server.Shared, "app.pid");

    /// <summary>The process taking over during a restart, until it is promoted to <see cref="PidFile"/>.</summary>
    public string NextPidFile => Path.Combine(server.Shared, "app.pid.next");

    public string LogFile => Path.Combine(server.Shared, "logs", "app.log");

    /// <summary>The id of the app serving from this server (or about to), or null.</summary>
    public int? RunningProcess() => Running(PidFile) ?? Running(NextPidFile);

    /// <summary>Starts the app from <c>current</c> and hands it the port from the one running, if any; says what it did.</summary>
    public void Restart(Uri url, Action<string> step)
    {
        var old = new[] { Running(PidFile), Running(NextPidFile) }.OfType<int>().Distinct().ToList();
        var pid = Launch(url, NextPidFile);
        step($"started the app from {server.CurrentLink} (process {pid}, log {LogFile}){(old.Count > 0 ? "; it takes over the port as the old one stops" : string.Empty)}");
        foreach (var previous in old)
        {
            StopProcess(previous, TimeSpan.FromSeconds(10));
            step($"stopped the previous app (process {previous})");
        }

        File.Move(NextPidFile, PidFile, overwrite: true);
    }

    /// <summary>Stops every app process of this server: SIGTERM, then SIGKILL after <paramref name="grace"/>. Returns whether one was running.</summary>
    public bool Stop(TimeSpan grace)
    {
        var running = new[] { Running(PidFile), Running(NextPidFile) }.OfType<int>().Distinct().ToList();
        foreach (var pid in running)
        {
            StopProcess(pid, grace);
        }

        if (Directory.Exists(server.Shared))
        {
            File.Delete(PidFile);
            File.Delete(NextPidFile);
        }

        return running.Count > 0;
    }

    private int Launch(Uri url, string pidFile)
    {
        var release = Path.GetFullPath(Path.Combine(server.Root, new FileInfo(server.CurrentLink).LinkTarget
            ?? throw new InvalidOperationException($"{server.CurrentLink}: no current release to start.")));
        Directory.CreateDirectory(server.DataDirectory);
        var spec = new ProcessSpec(
            "dotnet",
            [Path.Combine(release, app.EntryAssembly), "--urls", url.ToString().TrimEnd('/')],
            release,
            app.Environment(server.DataDirectory, PortWaitSeconds));
        launcher.StartDetached(spec, LogFile, pidFile);

        // The id is written before the shell becomes the app; wait until the process runs the app itself.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Running(pidFile) is null && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(20);
        }

        return Running(pidFile) ?? throw new InvalidOperationException($"The app did not start; see {LogFile}.");
    }

    private int? Running(string pidFile)
    {
        string text;
        try
        {
            text = File.ReadAllText(pidFile).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid)
            && launcher.CommandLine(pid) is { } commandLine && app.IsRunBy(commandLine) && launcher.IsAlive(pid)
            ? pid
            : null;
    }

    private void StopProcess(int pid, TimeSpan grace)
    {
        launcher.Signal(pid, UnixSignal.Terminate);
        var deadline = DateTime.UtcNow + grace;
        while (launcher.IsAlive(pid) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(20);
        }

        if (launcher.IsAlive(pid))
        {
            launcher.Signal(pid, UnixSignal.Kill);
            var killDeadline = DateTime.UtcNow.AddSeconds(10);
            while (launcher.IsAlive(pid))
            {
                if (DateTime.UtcNow > killDeadline)
                {
                    throw new InvalidOperationException($"process {pid} survived SIGKILL for 10 s (stuck in the kernel?); it still holds the app's port.");
                }

                Thread.Sleep(20);
            }
        }
    }
}
