using System.Diagnostics;
using System.Globalization;

namespace Pipeline.Core.Deployment;

/// <summary>
/// Runs the app from the live release as a process of its own session, so it keeps serving after the
/// pipeline exits. A restart hands the port over: the new process starts first and waits for the port,
/// then the old one is stopped gracefully (SIGTERM, SIGKILL after a grace period), so something answers
/// throughout, and a pipeline killed mid-restart leaves the old or the new process serving. Process ids
/// are kept in shared/ and checked against the process's command line before any signal is sent.
/// </summary>
public sealed class AppSupervisor(ReleaseServer server)
{
    private const string AppDll = "Trading.App.dll";
    private const int PortWaitSeconds = 30;

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
        Directory.CreateDirectory(Path.GetDirectoryName(LogFile)!);
        Directory.CreateDirectory(server.DataDirectory);
        File.Delete(pidFile);

        // setsid gives the app its own session, so neither the pipeline's exit nor a Ctrl+C in its terminal stops it.
        var start = new ProcessStartInfo("setsid")
        {
            WorkingDirectory = release,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "sh", "-c", "echo $$ > \"$3\"; exec dotnet \"$0\" --urls \"$1\" >> \"$2\" 2>&1 < /dev/null",
            Path.Combine(release, AppDll), url.ToString().TrimEnd('/'), LogFile, pidFile,
        })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["TRADING_DATA_DIR"] = server.DataDirectory;
        start.Environment["TRADING_PORT_WAIT_SECONDS"] = PortWaitSeconds.ToString(CultureInfo.InvariantCulture);
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("setsid: could not start the app.");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Running(pidFile) is null && DateTime.UtcNow < deadline && !process.HasExited)
        {
            Thread.Sleep(20);
        }

        return Running(pidFile) ?? throw new InvalidOperationException($"The app did not start; see {LogFile}.");
    }

    private static int? Running(string pidFile)
    {
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid))
        {
            return null;
        }

        try
        {
            var cmdline = $"/proc/{pid}/cmdline";
            return File.Exists(cmdline) && File.ReadAllText(cmdline).Contains(AppDll, StringComparison.Ordinal) && IsAlive(pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static void StopProcess(int pid, TimeSpan grace)
    {
        Signal(pid, "TERM");
        var deadline = DateTime.UtcNow + grace;
        while (IsAlive(pid) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(20);
        }

        if (IsAlive(pid))
        {
            Signal(pid, "KILL");
            var killDeadline = DateTime.UtcNow.AddSeconds(10);
            while (IsAlive(pid))
            {
                if (DateTime.UtcNow > killDeadline)
                {
                    throw new InvalidOperationException($"process {pid} survived SIGKILL for 10 s (stuck in the kernel?); it still holds the app's port.");
                }

                Thread.Sleep(20);
            }
        }
    }

    private static bool IsAlive(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat))
        {
            return false;
        }

        // A zombie has exited but is not yet reaped by its parent: it no longer holds the port.
        try
        {
            var text = File.ReadAllText(stat);
            var state = text[(text.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state != "Z";
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false });
        kill?.WaitForExit();
    }
}
