using System.Globalization;
using Pipeline.Core.FrontDoor;
using Pipeline.Core.Hosting;
using Pipeline.Core.Processes;

namespace Pipeline.Core.Deployment;

/// <summary>
/// The front door process of a target on this machine: found by its id file checked against its command line,
/// started detached (a session of its own, so it outlives the pipeline) from its own copy of the binaries a release
/// ships, and stopped with SIGTERM (it leaves the app running; the next front door adopts it).
/// </summary>
public sealed class FrontDoorProcess(FrontDoorFiles files, IProcessLauncher launcher)
{
    public int? Running() => RunningFrom(files.Pid, FrontDoorFiles.Assembly);

    public FrontDoorState? State() => FrontDoorFiles.Read<FrontDoorState>(files.State, out _);

    /// <summary>Makes sure a front door listens on <paramref name="listen"/> (host:port), starting one from <paramref name="release"/> when none runs.</summary>
    public void Ensure(string listen, string release, Action<string> step)
    {
        if (Running() is { } pid)
        {
            if (State()?.Listen == listen)
            {
                return;
            }

            Stop(TimeSpan.FromSeconds(10));
            step($"stopped the front door (process {pid}): it listened on {State()?.Listen}, the environment's port is now {listen}");
        }

        var shipped = Path.Combine(release, FrontDoorFiles.ReleaseDirectory);
        if (!File.Exists(Path.Combine(shipped, FrontDoorFiles.Assembly)))
        {
            throw new InvalidOperationException($"{shipped}: no {FrontDoorFiles.Assembly} in the release; it was built before releases carried the front door. Build it again with this pipeline.");
        }

        CopyBinaries(shipped);
        var environment = new Dictionary<string, string>(AppDefinition.Essentials()) { ["DOTNET_NOLOGO"] = "1" };
        var spec = new ProcessSpec("dotnet", [Path.Combine(files.Binaries, FrontDoorFiles.Assembly), "--shared", files.Shared, "--listen", listen], files.Shared, environment)
        {
            InheritEnvironment = false,
        };
        var started = launcher.StartDetached(spec, files.Log, files.Pid);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (State()?.FrontDoorPid != started)
        {
            if (!launcher.IsAlive(started) || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"the front door did not start listening on {listen}; see {files.Log}");
            }

            Thread.Sleep(20);
        }

        step($"started the front door on {listen} (process {started}, log {files.Log})");
    }

    /// <summary>Stops the front door: SIGTERM, then SIGKILL after <paramref name="grace"/>. Returns whether one was running.</summary>
    public bool Stop(TimeSpan grace)
    {
        if (Running() is not { } pid)
        {
            return false;
        }

        launcher.StopGracefully(pid, grace);
        return true;
    }

    /// <summary>The id in <paramref name="pidFile"/> when that process is alive and runs <paramref name="assembly"/>.</summary>
    public int? RunningFrom(string pidFile, string assembly)
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
            && launcher.CommandLine(pid) is { } commandLine && commandLine.Contains(assembly, StringComparison.Ordinal) && launcher.IsAlive(pid)
            ? pid
            : null;
    }

    // The running front door never runs from this copy while it is replaced: it is replaced only when none runs.
    private void CopyBinaries(string shipped)
    {
        var staging = files.Binaries + $".{Guid.NewGuid():N}.tmp";
        foreach (var file in Directory.GetFiles(shipped, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(staging, Path.GetRelativePath(shipped, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        if (Directory.Exists(files.Binaries))
        {
            Directory.Delete(files.Binaries, recursive: true);
        }

        Directory.Move(staging, files.Binaries);
    }
}
