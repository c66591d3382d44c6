using System.Text.Json;
using Pipeline.Core.Artifacts;
using Pipeline.Core.Configuration.Model;
using Pipeline.Core.Containers;
using Pipeline.Core.Deployment;
using Pipeline.Core.FrontDoor;
using Pipeline.Core.Hosting;
using Pipeline.Core.State;

namespace Pipeline.Core.Targets.Ssh;

/// <summary>
/// The app's image on a host's Docker engine, reached over SSH (Kamal's model): the release is uploaded as for an ssh
/// target (it carries the front door), the image is pulled on the host by digest and its artifact label checked, and
/// the host's front door is asked to run the container as a local container target's is. A rollback activates a kept
/// release: the digest its image.json names, already in the host's engine; nothing is pulled.
/// </summary>
public sealed class SshContainerTarget : IDeployTarget, IPreflightTarget, IDisposable
{
    private readonly SshConnection connection;
    private readonly RemoteLayout layout;
    private readonly ContainerInstance instance;
    private readonly SshTarget host;
    private readonly HostDocker docker;
    private readonly RemoteFrontDoor frontDoor;

    /// <summary>A target on the host <paramref name="connection"/> reaches, whose engine listens on <paramref name="socket"/> there; <paramref name="appSecrets"/> as for <see cref="SshTarget"/>.</summary>
    public SshContainerTarget(SshConnection connection, string socket, AppEndpoint endpoint, HealthCheckSettings health, Func<IReadOnlyDictionary<string, string>> appSecrets)
    {
        ArgumentNullException.ThrowIfNull(connection);
        this.connection = connection;
        layout = new RemoteLayout(connection.Host.Path.TrimEnd('/'));
        instance = new ContainerInstance(connection.Host.Target, socket, layout.SettingsFile, layout.DataDirectory, BaseImageRecipe.Default.AppUserId);
        var app = new AppDefinition { EntryAssembly = instance.NamePrefix };
        host = new SshTarget(connection, endpoint, health, appSecrets, app, Desired);
        docker = new HostDocker(connection, socket);
        frontDoor = new RemoteFrontDoor(connection, layout, app, health);
    }

    public string Name => host.Name;

    public string Description => $"{Name} (containers on unix://{instance.Socket} of ssh {connection.Host})";

    public Uri Url => host.Url;

    public string LogLocation => host.LogLocation;

    public Task<string?> LiveVersionAsync(CancellationToken cancellationToken = default) => host.LiveVersionAsync(cancellationToken);

    public Task<IReadOnlyList<string>> KeptVersionsAsync(CancellationToken cancellationToken = default) => host.KeptVersionsAsync(cancellationToken);

    public Task PreflightAsync(ArtifactLayout artifact, string archiveSha256, long unpackedBytes, Action<string> step, CancellationToken cancellationToken = default) =>
        host.PreflightAsync(artifact, archiveSha256, unpackedBytes, step, cancellationToken);

    /// <summary>Pulls the artifact's image on the host and checks its label before anything is uploaded, then keeps the release with image.json naming the digest.</summary>
    public async Task<bool> PrepareAsync(ArtifactLayout artifact, string archiveSha256, Action<string> step, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        ArgumentNullException.ThrowIfNull(step);
        var pushed = PushResult.Read(artifact)
            ?? throw new ContainerException($"{Name}: no image of {artifact.Version} was pushed ({Path.Combine(ImageAssembler.ImageDirectory(artifact), PushResult.FileName)} is missing); run ./build.sh --target=Image with deployment.image.registry set, then deploy again.");
        docker.Pull(pushed.Reference);
        ImageArtifactCheck.Require(docker.Image(pushed.Reference), Name, pushed.Reference, $" on {connection.Host.Login}", artifact, archiveSha256);

        step($"pulled {pushed.Reference} into the engine at unix://{instance.Socket} on {connection.Host.Target}; it holds {artifact.ArchiveName} (sha256 {archiveSha256})");
        var unpacked = await host.PrepareAsync(artifact, archiveSha256, step, cancellationToken).ConfigureAwait(false);
        connection.WriteText("name the release's image", ImageFile(artifact.Version), JsonSerializer.Serialize(pushed, StateJson.Options));
        return unpacked;
    }

    public Task<string?> ReadSettingsAsync(CancellationToken cancellationToken = default) => host.ReadSettingsAsync(cancellationToken);

    public Task WriteSettingsAsync(string settings, CancellationToken cancellationToken = default) => host.WriteSettingsAsync(settings, cancellationToken);

    /// <summary>
    /// Switches to <paramref name="version"/> as an ssh target does, then stops and removes the containers a killed front
    /// door and docker client left running, and removes the target's stopped containers from the host's engine.
    /// </summary>
    public Task ActivateAsync(string version, Action<string> step, CancellationToken cancellationToken = default) =>
        AfterSwitchAsync(() => host.ActivateAsync(version, step, cancellationToken), step);

    public Task RestartAsync(Action<string> step, CancellationToken cancellationToken = default) =>
        AfterSwitchAsync(() => host.RestartAsync(step, cancellationToken), step);

    public Task<HealthResult> CheckHealthAsync(string expectedVersion, CancellationToken cancellationToken = default) => host.CheckHealthAsync(expectedVersion, cancellationToken);

    /// <summary>The ssh target's probe, with the image the live release runs (registry/repository@sha256:...).</summary>
    public async Task<TargetProbe> ProbeAsync(CancellationToken cancellationToken = default)
    {
        var probe = await host.ProbeAsync(cancellationToken).ConfigureAwait(false);
        return probe.LiveVersion is { } live
            ? probe with { Detail = $"{probe.Detail} (image {ImageOf(live) ?? "unknown"})" }
            : probe;
    }

    /// <summary>Stops the front door and the container as an ssh target stops its app, then removes the stopped containers.</summary>
    public async Task<bool> StopAsync(TimeSpan grace, CancellationToken cancellationToken = default)
    {
        var stopped = await host.StopAsync(grace, cancellationToken).ConfigureAwait(false);
        RemoveStoppedContainers(_ => { });
        return stopped;
    }

    /// <summary>
    /// Removes the images of the releases retention lets go from the host's engine, then the releases, as a local
    /// container target does (<see cref="ReleaseImages"/>): an image a remaining release names stays. Images go first:
    /// when the engine refuses one, no release is deleted and the next clean-up tries again.
    /// </summary>
    public async Task<IReadOnlyList<string>> CleanupAsync(IReadOnlySet<string> keep, CancellationToken cancellationToken = default)
    {
        var kept = await host.KeptVersionsAsync(cancellationToken).ConfigureAwait(false);
        var doomed = ReleaseServer.Unkept(kept, await host.LiveVersionAsync(cancellationToken).ConfigureAwait(false), keep);
        foreach (var image in ReleaseImages.NoLongerNamed(doomed.Select(ImageOf), kept.Except(doomed).Select(ImageOf)))
        {
            docker.RemoveImage(image);
        }

        return await host.CleanupAsync(keep, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The image a kept release runs (registry/repository@sha256:...), or null when it has none.</summary>
    public string? ImageOf(string version) => ReadImage(version)?.Reference;

    public void Dispose() => host.Dispose();

    private string ImageFile(string version) => $"{layout.Release(version)}/{ContainerTarget.ImageFile}";

    // The container the front door starts for a release: its image.json's digest, the data directory given to the
    // image's user first (the pipeline migrates the database as the login user), secrets only in desired.json.
    private DesiredInstance Desired(string release, IReadOnlyDictionary<string, string> essentials, IReadOnlyDictionary<string, string> secrets)
    {
        var version = release[(release.LastIndexOf('/') + 1)..];
        var image = ReadImage(version);
        if (image is null)
        {
            throw new SshStepException(connection.Host, "read the release's image", $"release {version} has no {ContainerTarget.ImageFile} in {layout.Release(version)}; deploy that version again so its image is pulled.");
        }

        var userId = instance.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var settings = connection.Run("give the data directory to the image's user", $"""
            set -eu
            mkdir -p {ShellQuote.Of(layout.DataDirectory)}
            chown -R {userId}:{userId} {ShellQuote.Of(layout.DataDirectory)}
            [ ! -f {ShellQuote.Of(layout.SettingsFile)} ] || echo settings
            """);
        return instance.Desired(version, release, image.Reference, essentials, secrets, settings.Contains("settings", StringComparison.Ordinal));
    }

    private PushResult? ReadImage(string version) =>
        connection.ReadText("read the release's image", ImageFile(version)) is { } text ? JsonSerializer.Deserialize<PushResult>(text, StateJson.Options) : null;

    // As on a local container target: a container whose front door and docker client were both killed runs on with
    // nothing routing to it. Such containers are listed before the host's front door starts (it then starts the release
    // again on a fresh port) and stopped after the switch; the stopped ones are removed then too.
    private async Task AfterSwitchAsync(Func<Task> activate, Action<string> step)
    {
        ArgumentNullException.ThrowIfNull(step);
        var look = frontDoor.Probe();
        var orphans = look.FrontDoor is null && look.App is null ? docker.Ids(instance.TargetLabel, ["running", "paused", "restarting"]) : [];
        try
        {
            await activate().ConfigureAwait(false);
        }
        finally
        {
            foreach (var orphan in orphans)
            {
                docker.StopAndRemove(orphan, TimeSpan.FromSeconds(5));
                step($"stopped and removed container {orphan} of {Name}: its front door and docker client were gone (killed), so nothing routed to it");
            }

            RemoveStoppedContainers(step);
        }
    }

    // Containers are not run with --rm (removing one under vfs would hold its client, and with it the switch); the
    // stopped ones are removed here, after the switch, as on a local container target.
    private void RemoveStoppedContainers(Action<string> step)
    {
        var stopped = docker.Ids(instance.TargetLabel, ["created", "exited", "dead"]);
        foreach (var id in stopped)
        {
            docker.Remove(id);
        }

        if (stopped.Count > 0)
        {
            step($"removed {stopped.Count} stopped container(s) of {Name}: {string.Join(", ", stopped)}");
        }
    }
}
