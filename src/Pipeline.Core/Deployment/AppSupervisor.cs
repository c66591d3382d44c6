using System.Diagnostics;
using System.Globalization;

namespace Pipeline.Core.Deployment;

/// <summary>
/// Starts the app from the live release as a process of its own session, so it keeps serving after the
/// pipeline exits, and stops it gracefully (SIGTERM, then SIGKILL after a grace period). The process id
/// is kept in shared/app.pid and checked against the process's command line before any signal is sent.
/// </summary>
public sealed class AppSupervisor(ReleaseServer server)
{
    private const string AppDll = "Trading.App.dll";

    public string PidFile => Path.Combine(server.Shared, "app.pid");

    public string LogFile => Path.Combine(server.Shared, "logs", "app.log");

    /// <summary>The id of the running app started from this server, or null.</summary>
    public int? RunningProcess()
    {
        if (!File.Exists(PidFile) || !int.TryParse(File.ReadAllText(PidFile).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid))
        {
            return null;
        }

        var cmdline = $"/proc/{pid}/cmdline";
        return File.Exists(cmdline) && File.ReadAllText(cmdline).Contains(AppDll, StringComparison.Ordinal) ? pid : null;
    }

    /// <summary>Starts the app from <c>current</c>, listening on <paramref name="url"/>.</summary>
    public int Start(Uri url)
    {
        var release = Path.GetFullPath(Path.Combine(server.Root, new FileInfo(server.CurrentLink).LinkTarget
            ?? throw new InvalidOperationException($"{server.CurrentLink}: no current release to start.")));
        Directory.CreateDirectory(Path.GetDirectoryName(LogFile)!);
        Directory.CreateDirectory(server.DataDirectory);
        File.Delete(PidFile);

        // setsid gives the app its own session, so neither the pipeline's exit nor a Ctrl+C in its terminal stops it.
        var start = new ProcessStartInfo("setsid")
        {
            WorkingDirectory = release,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "sh", "-c", "echo $$ > \"$3\"; exec dotnet \"$0\" --urls \"$1\" >> \"$2\" 2>&1 < /dev/null",
            Path.Combine(release, AppDll), url.ToString().TrimEnd('/'), LogFile, PidFile,
        })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["TRADING_DATA_DIR"] = server.DataDirectory;
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("setsid: could not start the app.");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (RunningProcess() is null && DateTime.UtcNow < deadline && !process.HasExited)
        {
            Thread.Sleep(20);
        }

        return RunningProcess() ?? throw new InvalidOperationException($"The app did not start; see {LogFile}.");
    }

    /// <summary>Stops the running app, if any, and starts the one <c>current</c> points at; says what it did.</summary>
    public void Restart(Uri url, Action<string> step)
    {
        if (Stop(TimeSpan.FromSeconds(10)))
        {
            step("stopped the running app");
        }

        var pid = Start(url);
        step($"started the app from {server.CurrentLink} (process {pid}, log {LogFile})");
    }

    /// <summary>Stops the running app: SIGTERM, then SIGKILL after <paramref name="grace"/>. Returns whether one was running.</summary>
    public bool Stop(TimeSpan grace)
    {
        if (RunningProcess() is not { } pid)
        {
            return false;
        }

        Signal(pid, "TERM");
        var deadline = DateTime.UtcNow + grace;
        while (IsAlive(pid) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(50);
        }

        if (IsAlive(pid))
        {
            Signal(pid, "KILL");
            while (IsAlive(pid))
            {
                Thread.Sleep(20);
            }
        }

        File.Delete(PidFile);
        return true;
    }

    private static bool IsAlive(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat))
        {
            return false;
        }

        // A zombie has exited but is not yet reaped by its parent: it no longer holds the port.
        var text = File.ReadAllText(stat);
        var state = text[(text.LastIndexOf(')') + 2)..].Split(' ')[0];
        return state != "Z";
    }

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false });
        kill?.WaitForExit();
    }
}
