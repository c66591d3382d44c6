using System.Text.Json;
using Pipeline.Core.Artifacts;
using Pipeline.Core.Containers;
using Pipeline.Core.Deployment;
using Pipeline.Core.FrontDoor;
using Pipeline.Core.Hosting;
using Pipeline.Core.Processes;
using Pipeline.Core.State;

namespace Pipeline.Core.Targets;

/// <summary>
/// The app's image on this machine's Docker engine, behind the target's front door. Prepare pulls the image the Image
/// target pushed, by digest, and keeps the release (its front door, and image.json naming the digest) under
/// releases/; activate has the front door start a container of that digest on a private port (host network), check
/// /health and /version there, move new connections to it, drain and stop the old container. A rollback activates a
/// kept release: the digest it names, already in the engine; nothing is built or pulled.
/// </summary>
public sealed class ContainerTarget(
    string name,
    ReleaseServer server,
    ContainerInstance instance,
    AppEndpoint endpoint,
    Configuration.Model.HealthCheckSettings health,
    CakeToolHost tools,
    Func<IReadOnlyDictionary<string, string>> appSecrets,
    IProcessLauncher? launcher = null) : ITargetWithDataDirectory
{
    /// <summary>The file in a release that names the image it runs.</summary>
    public const string ImageFile = "image.json";

    private readonly IProcessLauncher launcher = launcher ?? ProcessLauncher.Instance;
    private readonly FrontDoorFiles files = new(server.Shared);

    public string Name => name;

    public string Description => $"{name} (containers on unix://{instance.Socket}, {server.Root})";

    public Uri Url => endpoint.Url;

    public string LogLocation => files.AppLog;

    public string DataDirectory => server.DataDirectory;

    private FrontDoorProcess FrontDoor => new(files, launcher);

    private DockerSettings Engine => new() { Host = $"unix://{instance.Socket}" };

    public Task<string?> LiveVersionAsync(CancellationToken cancellationToken = default) => Task.FromResult(server.CurrentVersion());

    public Task<IReadOnlyList<string>> KeptVersionsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>([.. server.KeptVersions().Where(v => File.Exists(Path.Combine(server.ReleasePath(v), ImageFile)))]);

    /// <summary>The image a kept release runs (registry/repository@sha256:...), or null when it has none.</summary>
    public string? ImageOf(string version) => ReadImage(version)?.Reference;

    public Task<bool> PrepareAsync(ArtifactLayout artifact, string archiveSha256, Action<string> step, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        ArgumentNullException.ThrowIfNull(step);
        var pushed = PushResult.Read(artifact)
            ?? throw new ContainerException($"{name}: no image of {artifact.Version} was pushed ({Path.Combine(ImageAssembler.ImageDirectory(artifact), PushResult.FileName)} is missing); run ./build.sh --target=Image with deployment.image.registry set, then deploy again.");
        foreach (var leftover in server.RemoveLeftovers())
        {
            step($"removed {leftover}, left by an interrupted run");
        }

        new DockerPullTool(tools).Pull(Engine, pushed.Reference, cancellationToken);
        ImageArtifactCheck.Require(new DockerInspectTool(tools).Image(Engine, pushed.Reference, cancellationToken), name, pushed.Reference, string.Empty, artifact, archiveSha256);

        step($"pulled {pushed.Reference} into the engine at unix://{instance.Socket}; it holds {artifact.ArchiveName} (sha256 {archiveSha256})");
        var unpacked = server.Unpack(artifact.ArchivePath, artifact.Version, archiveSha256);
        File.WriteAllText(Path.Combine(server.ReleasePath(artifact.Version), ImageFile), JsonSerializer.Serialize(pushed, StateJson.Options));
        step(unpacked
            ? $"kept release {artifact.Version} in {server.ReleasePath(artifact.Version)}: its front door and {ImageFile} naming the digest"
            : $"release {artifact.Version} is already kept from the same archive; reusing it");
        return Task.FromResult(unpacked);
    }

    public Task<string?> ReadSettingsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(File.Exists(server.SettingsFile) ? File.ReadAllText(server.SettingsFile) : null);

    public Task WriteSettingsAsync(string settings, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(server.SettingsFile)!);
        Configuration.AtomicFile.WriteAllText(server.SettingsFile, settings);
        return Task.CompletedTask;
    }

    public Task ActivateAsync(string version, Action<string> step, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(step);
        var image = ReadImage(version)
            ?? throw new ContainerException($"{name}: release {version} has no {ImageFile} in {server.ReleasePath(version)}; deploy that version again so its image is pulled.");
        if (server.CurrentVersion() != version)
        {
            server.SwitchTo(version);
            step($"switched {server.CurrentLink} to releases/{version} ({image.Reference})");
        }

        Start(version, image.Reference, step);
        return Task.CompletedTask;
    }

    public Task RestartAsync(Action<string> step, CancellationToken cancellationToken = default)
    {
        var version = server.CurrentVersion() ?? throw new ContainerException($"{name}: {server.CurrentLink} names no release; nothing to restart.");
        return ActivateAsync(version, step, cancellationToken);
    }

    public Task<HealthResult> CheckHealthAsync(string expectedVersion, CancellationToken cancellationToken = default) =>
        endpoint.CheckAsync(expectedVersion, () => FrontDoor.Running() is null, cancellationToken);

    public async Task<TargetProbe> ProbeAsync(CancellationToken cancellationToken = default)
    {
        var frontDoor = FrontDoor.Running();
        var client = FrontDoor.RunningFrom(files.AppPid, instance.NamePrefix);
        if (frontDoor is null)
        {
            return new TargetProbe(server.CurrentVersion(), false, false, null, $"down: the front door is not running, so nothing listens on {endpoint.Url}; the next deploy or Rollback starts it (log {files.Log})");
        }

        if (client is null)
        {
            return new TargetProbe(server.CurrentVersion(), false, false, null, $"down: no container is running ({FrontDoor.State()?.AppDetail ?? "none was started"}); the front door (process {frontDoor}) restarts it, see {files.Log}");
        }

        var (healthy, served, detail) = await endpoint.ProbeOnceAsync(cancellationToken).ConfigureAwait(false);
        var state = FrontDoor.State();
        var image = server.CurrentVersion() is { } current ? ImageOf(current) : null;
        return new TargetProbe(server.CurrentVersion(), true, healthy, served, $"{detail} (image {image ?? "unknown"}; front door process {frontDoor}, container {instance.NamePrefix}{state?.AppPort} run by docker client process {client}, {state?.Restarts ?? 0} restart(s) after it died)");
    }

    /// <summary>Stops the front door, then the container (SIGTERM through its client, which passes it on), and removes the stopped containers.</summary>
    public Task<bool> StopAsync(TimeSpan grace, CancellationToken cancellationToken = default)
    {
        FrontDoor.Stop(grace);
        var client = FrontDoor.RunningFrom(files.AppPid, instance.NamePrefix);
        if (client is { } pid)
        {
            launcher.StopGracefully(pid, grace);
        }

        // Stopped on purpose: a front door started later must not bring this container back.
        foreach (var file in new[] { files.AppPid, files.Active }.Where(File.Exists))
        {
            File.Delete(file);
        }

        RemoveStoppedContainers(_ => { });

        return Task.FromResult(client is not null);
    }

    /// <summary>
    /// Removes the images of the releases retention lets go from the engine, then the releases. An image a remaining
    /// release names (the live one, the last good one, any other kept) stays, even when a removed release named it too.
    /// Images go first: when the engine refuses one, no release is deleted and the next clean-up tries again.
    /// </summary>
    public Task<IReadOnlyList<string>> CleanupAsync(IReadOnlySet<string> keep, CancellationToken cancellationToken = default)
    {
        var doomed = server.Unkept(keep);
        foreach (var image in ReleaseImages.NoLongerNamed(doomed.Select(ImageOf), server.KeptVersions().Except(doomed).Select(ImageOf)))
        {
            new DockerImageRemoveTool(tools).Remove(Engine, image, cancellationToken);
        }

        return Task.FromResult(server.Cleanup(keep));
    }

    private void Start(string version, string image, Action<string> step)
    {
        var url = endpoint.ListenUrl;
        var orphans = Orphans();
        FrontDoor.Ensure($"{(url.Host is "*" or "+" ? "0.0.0.0" : url.Host)}:{url.Port}", server.ReleasePath(version), step);
        DataDirectoryOwner.GiveTo(server.DataDirectory, instance.UserId);
        var desired = instance.Desired(version, server.ReleasePath(version), image, AppDefinition.Essentials(), appSecrets(), File.Exists(server.SettingsFile));
        try
        {
            new FrontDoorRequest(files, new LocalFrontDoorChannel(() => FrontDoor.Running() is null ? "its process is gone" : null)).Switch(desired, health, step);
        }
        finally
        {
            foreach (var orphan in orphans)
            {
                new DockerRemoveTool(tools).StopAndRemove(Engine, orphan, TimeSpan.FromSeconds(5));
                step($"stopped and removed container {orphan} of {name}: its front door and docker client were gone (killed), so nothing routed to it");
            }

            RemoveStoppedContainers(step);
        }
    }

    // A front door that starts adopts the container its predecessor left serving, through that container's docker client.
    // When the client is gone too (both killed), the container runs on, holding its private port, with nothing routing
    // to it: only the front door owns the target's port. Such containers are listed before a front door starts (it then
    // starts the release again on a fresh port) and stopped after the switch, since removing one under vfs takes a while.
    private IReadOnlyList<string> Orphans() =>
        FrontDoor.Running() is null && FrontDoor.RunningFrom(files.AppPid, instance.NamePrefix) is null
            ? new DockerListTool(tools).Ids(Engine, instance.TargetLabel, ["running", "paused", "restarting"])
            : [];

    // Containers are not run with --rm: removing one (its whole file system, with vfs storage) would hold its client, and
    // with it the switch, until the engine is done. They are removed here, after the switch, once stopped.
    private void RemoveStoppedContainers(Action<string> step)
    {
        var stopped = new DockerListTool(tools).Ids(Engine, instance.TargetLabel, ["created", "exited", "dead"]);
        foreach (var id in stopped)
        {
            new DockerRemoveTool(tools).Remove(Engine, id);
        }

        if (stopped.Count > 0)
        {
            step($"removed {stopped.Count} stopped container(s) of {name}: {string.Join(", ", stopped)}");
        }
    }

    private PushResult? ReadImage(string version)
    {
        var file = Path.Combine(server.ReleasePath(version), ImageFile);
        return File.Exists(file) ? JsonSerializer.Deserialize<PushResult>(File.ReadAllText(file), StateJson.Options) : null;
    }
}
