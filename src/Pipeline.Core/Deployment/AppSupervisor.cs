using Pipeline.Core.Configuration.Model;
using Pipeline.Core.FrontDoor;
using Pipeline.Core.Hosting;
using Pipeline.Core.Processes;

namespace Pipeline.Core.Deployment;

/// <summary>
/// Runs the app of a target on this machine behind its front door (src/Pipeline.FrontDoor), which owns the public
/// port: a restart asks the front door for a new instance of the live release; it starts it on a private port,
/// checks its health there, moves new connections to it, lets the old instance drain and stops it. Nothing is
/// refused meanwhile, an instance that is not healthy never takes traffic, and the front door restarts the app
/// when it dies. The front door and the app run in sessions of their own, so they outlive the pipeline.
/// </summary>
public sealed class AppSupervisor(
    ReleaseServer server,
    AppDefinition? app = null,
    IProcessLauncher? launcher = null,
    HealthCheckSettings? health = null,
    Func<IReadOnlyDictionary<string, string>>? appSecrets = null)
{
    private readonly AppDefinition app = app ?? AppDefinition.TradingApp;
    private readonly IProcessLauncher launcher = launcher ?? ProcessLauncher.Instance;
    private readonly HealthCheckSettings health = health ?? new HealthCheckSettings();
    private readonly FrontDoorFiles files = new(server.Shared);

    public string PidFile => files.AppPid;

    public string LogFile => files.AppLog;

    public string FrontDoorLog => files.Log;

    private FrontDoorProcess FrontDoor => new(files, launcher);

    /// <summary>The id of the app instance that takes traffic, or null when none runs.</summary>
    public int? RunningProcess() => FrontDoor.RunningFrom(PidFile, app.EntryAssembly);

    /// <summary>The id of the front door, or null when none runs (then nothing listens on the public port).</summary>
    public int? FrontDoorProcess() => FrontDoor.Running();

    /// <summary>What the front door last said about itself and the app, or null before it first ran.</summary>
    public FrontDoorState? State() => FrontDoor.State();

    /// <summary>
    /// Serves the release <c>current</c> names on <paramref name="url"/>: starts the front door when none runs, then
    /// has it switch to a new, healthy instance; says what it did. Throws when the new instance was not healthy (the
    /// one that served before still does).
    /// </summary>
    public void Restart(Uri url, Action<string> step)
    {
        var release = Path.GetFullPath(Path.Combine(server.Root, new FileInfo(server.CurrentLink).LinkTarget
            ?? throw new InvalidOperationException($"{server.CurrentLink}: no current release to start.")));
        StopAppStartedWithoutFrontDoor(step);
        FrontDoor.Ensure(Listen(url), release, step);

        Directory.CreateDirectory(server.DataDirectory);
        var environment = FrontDoorRequest.Environment(AppDefinition.Essentials(), app, server.DataDirectory, appSecrets?.Invoke() ?? new Dictionary<string, string>());
        new FrontDoorRequest(files, new LocalFrontDoorChannel(() => FrontDoorProcess() is null ? "its process is gone" : null)).Switch(release, app, environment, health, step);
    }

    /// <summary>Stops the front door and every app instance of this server: SIGTERM, then SIGKILL after <paramref name="grace"/>. Returns whether the app was running.</summary>
    public bool Stop(TimeSpan grace)
    {
        FrontDoor.Stop(grace);
        var running = RunningProcess();
        if (running is { } pid)
        {
            launcher.StopGracefully(pid, grace);
        }

        // Stopped on purpose: a front door started later must not bring this instance back.
        foreach (var file in new[] { PidFile, files.Active }.Where(File.Exists))
        {
            File.Delete(file);
        }

        return running is not null;
    }

    // An app started by a pipeline from before the front door holds the public port itself; the front door needs it.
    private void StopAppStartedWithoutFrontDoor(Action<string> step)
    {
        if (FrontDoorProcess() is null && RunningProcess() is { } pid && State()?.AppPid != pid)
        {
            launcher.StopGracefully(pid, TimeSpan.FromSeconds(10));
            step($"stopped the app (process {pid}) that held the port without a front door; the port is dark until the front door listens");
        }
    }

    private static string Listen(Uri url) =>
        $"{(url.Host is "*" or "+" ? "0.0.0.0" : url.Host)}:{url.Port}";
}
