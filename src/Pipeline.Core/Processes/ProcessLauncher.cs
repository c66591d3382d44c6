using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Pipeline.Core.Processes;

/// <summary>Starts and signals processes on this machine (Linux: setsid, /proc and kill(2)).</summary>
public sealed partial class ProcessLauncher : IProcessLauncher
{
    public static ProcessLauncher Instance { get; } = new();

    /// <inheritdoc/>
    public int StartDetached(ProcessSpec spec, string logFile, string pidFile)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
        File.Delete(pidFile);

        // The shell writes its own id and then becomes the program (exec), so the id is the program's.
        var start = new ProcessStartInfo("setsid") { WorkingDirectory = spec.WorkingDirectory, UseShellExecute = false };
        foreach (var argument in new[] { "sh", "-c", "echo $$ > \"$0\"; log=\"$1\"; shift; exec \"$@\" >> \"$log\" 2>&1 < /dev/null", pidFile, logFile, spec.FileName }.Concat(spec.Arguments))
        {
            start.ArgumentList.Add(argument);
        }

        if (!spec.InheritEnvironment)
        {
            start.Environment.Clear();
        }

        foreach (var (name, value) in spec.Environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"setsid: could not start {spec.FileName}.");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        int? pid;
        while ((pid = ReadPid(pidFile)) is null && DateTime.UtcNow < deadline && !process.HasExited)
        {
            Thread.Sleep(20);
        }

        return ReadPid(pidFile) ?? throw new InvalidOperationException($"{spec.FileName} did not start; see {logFile}.");
    }

    /// <inheritdoc/>
    public Process StartChild(ProcessSpec spec)
    {
        var start = new ProcessStartInfo(spec.FileName)
        {
            WorkingDirectory = spec.WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in spec.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in spec.Environment)
        {
            start.Environment[name] = value;
        }

        return new Process { StartInfo = start };
    }

    /// <inheritdoc/>
    public bool Signal(int pid, UnixSignal signal) => Kill(pid, (int)signal) == 0;

    /// <inheritdoc/>
    public bool IsAlive(int pid)
    {
        // A zombie has exited but is not yet reaped by its parent: it no longer holds the app's port.
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            return text[(text.LastIndexOf(')') + 2)..].Split(' ')[0] != "Z";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <inheritdoc/>
    public string? CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static int? ReadPid(string pidFile)
    {
        try
        {
            return int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
