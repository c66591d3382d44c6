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

    /// <summary>A target on the host <paramref name="connection"/> reaches, whose engine listens on <paramref name="socket"/> there; <paramref name="appSecrets"/> as for <see cref="SshTarget"/>.</summary>
    public SshContainerTarget(SshConnection connection, string socket, AppEndpoint endpoint, HealthCheckSettings health, Func<IReadOnlyDictionary<string, string>> appSecrets)
    {
        ArgumentNullException.ThrowIfNull(connection);
        this.connection = connection;
        layout = new RemoteLayout(connection.Host.Path.TrimEnd('/'));
        instance = new ContainerInstance(connection.Host.Target, socket, layout.SettingsFile, layout.DataDirectory, BaseImageRecipe.Default.AppUserId);
        host = new SshTarget(connection, endpoint, health, appSecrets, new AppDefinition { EntryAssembly = instance.NamePrefix }, Desired);
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
        Docker("pull the image", "pull", "--quiet", pushed.Reference);
        var holds = Docker("inspect the image", "image", "inspect", "--format", $"{{{{index .Config.Labels \"{ImageDocuments.ArtifactLabel}\"}}}}", pushed.Reference).Trim();
        if (holds != archiveSha256)
        {
            throw new ContainerException($"{Name}: the image {pushed.Reference} on {connection.Host.Login} holds the artifact with sha256 {(holds is "" or "<no value>" ? "(no label)" : holds)}, not {archiveSha256} of {artifact.ArchiveName}; nothing was changed. Run the Image target again for this artifact.");
        }

        step($"pulled {pushed.Reference} into the engine at unix://{instance.Socket} on {connection.Host.Target}; it holds {artifact.ArchiveName} (sha256 {archiveSha256})");
        var unpacked = await host.PrepareAsync(artifact, archiveSha256, step, cancellationToken).ConfigureAwait(false);
        connection.WriteText("name the release's image", ImageFile(artifact.Version), JsonSerializer.Serialize(pushed, StateJson.Options));
        return unpacked;
    }

    public Task<string?> ReadSettingsAsync(CancellationToken cancellationToken = default) => host.ReadSettingsAsync(cancellationToken);

    public Task WriteSettingsAsync(string settings, CancellationToken cancellationToken = default) => host.WriteSettingsAsync(settings, cancellationToken);

    /// <summary>Switches to <paramref name="version"/> as an ssh target does, then removes the target's stopped containers from the host's engine.</summary>
    public async Task ActivateAsync(string version, Action<string> step, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(step);
        try
        {
            await host.ActivateAsync(version, step, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            RemoveStoppedContainers(step);
        }
    }

    public Task RestartAsync(Action<string> step, CancellationToken cancellationToken = default) => host.RestartAsync(step, cancellationToken);

    public Task<HealthResult> CheckHealthAsync(string expectedVersion, CancellationToken cancellationToken = default) => host.CheckHealthAsync(expectedVersion, cancellationToken);

    public Task<TargetProbe> ProbeAsync(CancellationToken cancellationToken = default) => host.ProbeAsync(cancellationToken);

    public Task<bool> StopAsync(TimeSpan grace, CancellationToken cancellationToken = default) => host.StopAsync(grace, cancellationToken);

    /// <summary>Deletes the releases retention lets go; their images stay in the host's engine (not removed yet).</summary>
    public Task<IReadOnlyList<string>> CleanupAsync(IReadOnlySet<string> keep, CancellationToken cancellationToken = default) => host.CleanupAsync(keep, cancellationToken);

    public void Dispose() => host.Dispose();

    private string ImageFile(string version) => $"{layout.Release(version)}/{ContainerTarget.ImageFile}";

    // The container the front door starts for a release: its image.json's digest, the data directory given to the
    // image's user first (the pipeline migrates the database as the login user), secrets only in desired.json.
    private DesiredInstance Desired(string release, IReadOnlyDictionary<string, string> essentials, IReadOnlyDictionary<string, string> secrets)
    {
        var version = release[(release.LastIndexOf('/') + 1)..];
        var image = connection.ReadText("read the release's image", ImageFile(version)) is { } text ? JsonSerializer.Deserialize<PushResult>(text, StateJson.Options) : null;
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

    // Containers are not run with --rm (removing one under vfs would hold its client, and with it the switch); the
    // stopped ones are removed here, after the switch, as on a local container target.
    private void RemoveStoppedContainers(Action<string> step)
    {
        var stopped = Docker("list the stopped containers", "ps", "--all", "--quiet", "--filter", $"label={instance.TargetLabel}", "--filter", "status=exited", "--filter", "status=created", "--filter", "status=dead")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (stopped.Length > 0)
        {
            Docker("remove the stopped containers", ["rm", .. stopped]);
            step($"removed {stopped.Length} stopped container(s) of {Name}: {string.Join(", ", stopped)}");
        }
    }

    // A typed argument list, each word quoted: nothing from configuration or the registry is read by the host's shell.
    private string Docker(string step, params string[] arguments) =>
        connection.Run(step, $"DOCKER_HOST={ShellQuote.Of("unix://" + instance.Socket)} docker {string.Join(' ', arguments.Select(ShellQuote.Of))}", TimeSpan.FromMinutes(10));
}
