using System.Diagnostics;

namespace Pipeline.Core.Processes;

/// <summary>
/// The one way the pipeline starts and signals long-running processes (the app it deploys or validates), so the
/// services that do can be tested with a fake, and a remote target can offer the same operations.
/// </summary>
public interface IProcessLauncher
{
    /// <summary>
    /// Starts <paramref name="spec"/> in a session of its own, so neither the pipeline's exit nor a Ctrl+C in its
    /// terminal stops it; its output is appended to <paramref name="logFile"/> and its id written to <paramref name="pidFile"/>.
    /// Returns the id once the process has written it.
    /// </summary>
    int StartDetached(ProcessSpec spec, string logFile, string pidFile);

    /// <summary>Starts <paramref name="spec"/> as a child of this process, its output and error redirected for the caller to read.</summary>
    Process StartChild(ProcessSpec spec);

    /// <summary>Sends <paramref name="signal"/> to process <paramref name="pid"/>; false when there is no such process.</summary>
    bool Signal(int pid, UnixSignal signal);

    /// <summary>True while process <paramref name="pid"/> exists and has not exited (a zombie no longer counts).</summary>
    bool IsAlive(int pid);

    /// <summary>The command line of process <paramref name="pid"/>, or null when there is none.</summary>
    string? CommandLine(int pid);
}

/// <summary>The signals the pipeline sends.</summary>
public enum UnixSignal
{
    Kill = 9,
    Terminate = 15,
}
