using Pipeline.Core.Artifacts;
using Pipeline.Core.Configuration.Model;
using Pipeline.Core.Deployment;
using Pipeline.Core.FrontDoor;
using Pipeline.Core.Hosting;

namespace Pipeline.Core.Targets.Ssh;

/// <summary>
/// A host reached over SSH: the same release layout as the local target under <see cref="SshHost.Path"/>, the
/// artifact sent once over SFTP and checked there, and the app run behind the release's own front door
/// (<see cref="RemoteFrontDoor"/>), answering on the host's own address.
/// </summary>
public sealed class SshTarget : IDeployTarget, IPreflightTarget, IRetiringTarget, IDisposable
{
    private readonly SshConnection connection;
    private readonly RemoteLayout layout;
    private readonly RemoteFrontDoor frontDoor;
    private readonly AppEndpoint endpoint;
    private readonly Func<IReadOnlyDictionary<string, string>> appSecrets;
    private readonly AppDefinition app;
    private readonly Func<string, IReadOnlyDictionary<string, string>, IReadOnlyDictionary<string, string>, DesiredInstance>? instance;

    // What the preflight's command saw of the front door and the app, kept for the drift check right after it, so
    // that check costs no command of its own (each one starts the user's login shell on the host); used once.
    private readonly Lock lookGate = new();
    private (string? Live, int? App, int? FrontDoor, FrontDoorState? State)? lookFromPreflight;

    /// <summary>
    /// A target on the host <paramref name="connection"/> reaches; <paramref name="appSecrets"/> gives the variables
    /// holding the app's secrets (its database connection string), resolved when the app starts. The front door starts
    /// <paramref name="app"/>'s process, or what <paramref name="instance"/> builds from the release's path on the host,
    /// the host's essentials and the secrets (a container, <see cref="SshContainerTarget"/>).
    /// </summary>
    public SshTarget(SshConnection connection, AppEndpoint endpoint, HealthCheckSettings health, Func<IReadOnlyDictionary<string, string>> appSecrets, AppDefinition? app = null, Func<string, IReadOnlyDictionary<string, string>, IReadOnlyDictionary<string, string>, DesiredInstance>? instance = null)
    {
        this.instance = instance;
        this.connection = connection;
        this.endpoint = endpoint;
        this.appSecrets = appSecrets;
        this.app = app ?? AppDefinition.TradingApp;
        layout = new RemoteLayout(connection.Host.Path.TrimEnd('/'));
        frontDoor = new RemoteFrontDoor(connection, layout, this.app, health);
    }

    public string Name => connection.Host.Target;

    public string Description => $"{Name} (ssh {connection.Host})";

    public Uri Url => endpoint.Url;

    public string LogLocation => $"{connection.Host.Login}:{layout.LogFile}";

    private string FrontDoorLog => $"{connection.Host.Login}:{frontDoor.Log}";

    /// <summary>Bytes sent to this host so far (artifacts and settings).</summary>
    public long BytesSent => connection.BytesSent;

    public Task<string?> LiveVersionAsync(CancellationToken cancellationToken = default)
    {
        var link = connection.Run("read the live version", $"readlink {ShellQuote.Of(layout.Current)} || true").Trim();
        return Task.FromResult(link.Length == 0 ? null : link[(link.LastIndexOf('/') + 1)..]);
    }

    public Task<IReadOnlyList<string>> KeptVersionsAsync(CancellationToken cancellationToken = default)
    {
        var listing = connection.Run("list the kept releases", $"ls -1 {ShellQuote.Of(layout.Releases)} 2>/dev/null || true");
        IReadOnlyList<string> versions = listing.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(v => !v.StartsWith('.')).Order(StringComparer.Ordinal).ToList();
        return Task.FromResult(versions);
    }

    public Task PreflightAsync(ArtifactLayout artifact, string archiveSha256, long unpackedBytes, Action<string> step, CancellationToken cancellationToken = default)
    {
        var printed = new HostPreflight(connection, layout).Check(artifact, archiveSha256, unpackedBytes, step, frontDoor.ProbeScript);
        lock (lookGate)
        {
            lookFromPreflight = RemoteFrontDoor.ProbeFrom(printed);
        }

        return Task.CompletedTask;
    }

    public Task<bool> PrepareAsync(ArtifactLayout artifact, string archiveSha256, Action<string> step, CancellationToken cancellationToken = default) =>
        Task.FromResult(new ReleaseUpload(connection, layout).Put(artifact, archiveSha256, step));

    public Task<string?> ReadSettingsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(connection.ReadText("read the settings", layout.SettingsFile));

    public Task WriteSettingsAsync(string settings, CancellationToken cancellationToken = default)
    {
        connection.WriteText("write the settings", layout.SettingsFile, settings);
        return Task.CompletedTask;
    }

    public Task ActivateAsync(string version, Action<string> step, CancellationToken cancellationToken = default)
    {
        var release = layout.Release(version);
        var switched = connection.Run($"switch to {version}", $"""
            set -eu
            [ -d {ShellQuote.Of(release)} ] || {"{"} echo "{release}: no such release; cannot switch to it" >&2; exit 1; {"}"}
            [ "$(readlink {ShellQuote.Of(layout.Current)} || true)" = {ShellQuote.Of("releases/" + version)} ] && exit 0
            ln -sfn {ShellQuote.Of("releases/" + version)} {ShellQuote.Of(layout.Root + "/.current-next")}
            mv -T {ShellQuote.Of(layout.Root + "/.current-next")} {ShellQuote.Of(layout.Current)}
            echo switched
            """);
        if (switched.Contains("switched", StringComparison.Ordinal))
        {
            step($"switched {connection.Host.Login}:{layout.Current} to releases/{version}");
        }

        Restart(step);
        return Task.CompletedTask;
    }

    public Task RestartAsync(Action<string> step, CancellationToken cancellationToken = default)
    {
        Restart(step);
        return Task.CompletedTask;
    }

    public Task<HealthResult> CheckHealthAsync(string expectedVersion, CancellationToken cancellationToken = default) =>
        endpoint.CheckAsync(expectedVersion, null, cancellationToken);

    public async Task<TargetProbe> ProbeAsync(CancellationToken cancellationToken = default)
    {
        (string? Live, int? App, int? FrontDoor, FrontDoorState? State) probe;
        try
        {
            probe = TakeLookFromPreflight() ?? frontDoor.Probe();
        }
        catch (SshStepException ex)
        {
            return new TargetProbe(null, false, false, null, $"unknown: {ex.Message}");
        }

        if (probe.FrontDoor is null)
        {
            var what = probe.App is null ? "and no app process is running" : $"(the app, process {probe.App}, runs but cannot be reached)";
            return new TargetProbe(probe.Live, false, false, null, $"down: the front door is not running on {Name}, so nothing listens on {endpoint.Url} {what}; the next deploy or Rollback starts it (log {FrontDoorLog})");
        }

        if (probe.App is null)
        {
            return new TargetProbe(probe.Live, false, false, null, $"down: no app process is running on {Name} ({probe.State?.AppDetail ?? "none was started"}); the front door (process {probe.FrontDoor}) restarts it, see {FrontDoorLog}");
        }

        var (healthy, served, detail) = await endpoint.ProbeOnceAsync(cancellationToken).ConfigureAwait(false);
        return new TargetProbe(probe.Live, true, healthy, served, $"{detail} (front door process {probe.FrontDoor}, app process {probe.App}, {probe.State?.Restarts ?? 0} restart(s) after the app died)");
    }

    public Task<bool> StopAsync(TimeSpan grace, CancellationToken cancellationToken = default) =>
        Task.FromResult(frontDoor.Stop(grace));

    /// <inheritdoc/>
    public Task RetireAtAsync(string version, DateTimeOffset at, string reason, CancellationToken cancellationToken = default)
    {
        frontDoor.RetireAt(new Retirement { Version = version, StopAt = at, Reason = reason });
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task KeepRunningAsync(CancellationToken cancellationToken = default)
    {
        frontDoor.RetireAt(null);
        return Task.CompletedTask;
    }

    // One command: reading the live version, listing and deleting on the host costs one login shell, not three.
    public Task<IReadOnlyList<string>> CleanupAsync(IReadOnlySet<string> keep, CancellationToken cancellationToken = default)
    {
        var output = connection.Run("delete old releases", $$"""
            set -eu
            cd {{ShellQuote.Of(layout.Releases)}} 2>/dev/null || exit 0
            live=$(readlink {{ShellQuote.Of(layout.Current)}} || true)
            set -- "${live##*/}" {{string.Join(' ', keep.Order(StringComparer.Ordinal).Select(ShellQuote.Of))}}
            for release in *; do
              [ -e "$release" ] || continue
              kept=no
              for version in "$@"; do [ "$release" != "$version" ] || kept=yes; done
              [ $kept = no ] || continue
              rm -rf -- "$release"
              echo "removed $release"
            done
            """);
        IReadOnlyList<string> doomed = output.Split('\n').Where(l => l.StartsWith("removed ", StringComparison.Ordinal)).Select(l => l["removed ".Length..].Trim()).Order(StringComparer.Ordinal).ToList();
        return Task.FromResult(doomed);
    }

    public void Dispose() => connection.Dispose();

    private (string? Live, int? App, int? FrontDoor, FrontDoorState? State)? TakeLookFromPreflight()
    {
        lock (lookGate)
        {
            var look = lookFromPreflight;
            lookFromPreflight = null;
            return look;
        }
    }

    private void Restart(Action<string> step)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var secrets = appSecrets();
        frontDoor.Restart(
            endpoint.ListenUrl,
            (release, essentials) => instance?.Invoke(release, essentials, secrets)
                ?? FrontDoorRequest.AppInstance(release, app, FrontDoorRequest.Environment(essentials, app, layout.DataDirectory, secrets)),
            step);
        step($"{Name}: the front door's switch took {clock.Elapsed.TotalSeconds:0.0} s");
    }
}
