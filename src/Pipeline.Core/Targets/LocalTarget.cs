using Pipeline.Core.Artifacts;
using Pipeline.Core.Configuration;
using Pipeline.Core.Deployment;
using Pipeline.Core.Hosting;

namespace Pipeline.Core.Targets;

/// <summary>
/// A target on this machine: a release directory laid out as Capistrano does (<see cref="ReleaseServer"/>) and
/// the app run from it by <see cref="AppSupervisor"/> behind the target's front door, which answers on the
/// environment's port.
/// </summary>
public sealed class LocalTarget(string name, ReleaseServer server, AppSupervisor supervisor, AppEndpoint endpoint) : ITargetWithDataDirectory
{
    public string Name => name;

    public string Description => $"{name} ({server.Root})";

    public Uri Url => endpoint.Url;

    public string LogLocation => supervisor.LogFile;

    public ReleaseServer Server => server;

    public string DataDirectory => server.DataDirectory;

    public Task<string?> LiveVersionAsync(CancellationToken cancellationToken = default) => Task.FromResult(server.CurrentVersion());

    public Task<IReadOnlyList<string>> KeptVersionsAsync(CancellationToken cancellationToken = default) => Task.FromResult(server.KeptVersions());

    public Task<bool> PrepareAsync(ArtifactLayout artifact, string archiveSha256, Action<string> step, CancellationToken cancellationToken = default)
    {
        foreach (var leftover in server.RemoveLeftovers())
        {
            step($"removed {leftover}, left by an interrupted run");
        }

        var unpacked = server.Unpack(artifact.ArchivePath, artifact.Version, archiveSha256);
        step(unpacked
            ? $"unpacked {artifact.ArchiveName} into {server.ReleasePath(artifact.Version)}"
            : $"release {artifact.Version} is already unpacked from the same archive; reusing it");
        return Task.FromResult(unpacked);
    }

    public Task<string?> ReadSettingsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(File.Exists(server.SettingsFile) ? File.ReadAllText(server.SettingsFile) : null);

    public Task WriteSettingsAsync(string settings, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(server.SettingsFile)!);
        AtomicFile.WriteAllText(server.SettingsFile, settings);
        return Task.CompletedTask;
    }

    public Task ActivateAsync(string version, Action<string> step, CancellationToken cancellationToken = default)
    {
        if (server.CurrentVersion() != version)
        {
            server.SwitchTo(version);
            step($"switched {server.CurrentLink} to releases/{version}");
        }

        supervisor.Restart(endpoint.ListenUrl, step);
        return Task.CompletedTask;
    }

    public Task RestartAsync(Action<string> step, CancellationToken cancellationToken = default)
    {
        supervisor.Restart(endpoint.ListenUrl, step);
        return Task.CompletedTask;
    }

    public Task<HealthResult> CheckHealthAsync(string expectedVersion, CancellationToken cancellationToken = default) =>
        endpoint.CheckAsync(expectedVersion, () => supervisor.FrontDoorProcess() is null, cancellationToken);

    public async Task<TargetProbe> ProbeAsync(CancellationToken cancellationToken = default)
    {
        var frontDoor = supervisor.FrontDoorProcess();
        var app = supervisor.RunningProcess();
        if (frontDoor is null)
        {
            var what = app is null ? "and no app process is running" : $"(the app, process {app}, runs but cannot be reached)";
            return new TargetProbe(server.CurrentVersion(), false, false, null, $"down: the front door is not running, so nothing listens on {endpoint.Url} {what}; the next deploy or Rollback starts it (log {supervisor.FrontDoorLog})");
        }

        if (app is null)
        {
            var state = supervisor.State();
            return new TargetProbe(server.CurrentVersion(), false, false, null, $"down: no app process is running ({state?.AppDetail ?? "none was started"}); the front door (process {frontDoor}) restarts it, see {supervisor.FrontDoorLog}");
        }

        var (healthy, served, detail) = await endpoint.ProbeOnceAsync(cancellationToken).ConfigureAwait(false);
        return new TargetProbe(server.CurrentVersion(), true, healthy, served, $"{detail} (front door process {frontDoor}, app process {app}, {supervisor.State()?.Restarts ?? 0} restart(s) after the app died)");
    }

    public Task<bool> StopAsync(TimeSpan grace, CancellationToken cancellationToken = default) => Task.FromResult(supervisor.Stop(grace));

    public Task<IReadOnlyList<string>> CleanupAsync(IReadOnlySet<string> keep, CancellationToken cancellationToken = default) =>
        Task.FromResult(server.Cleanup(keep));
}
