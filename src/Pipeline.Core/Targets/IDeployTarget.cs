using Pipeline.Core.Artifacts;
using Pipeline.Core.Hosting;

namespace Pipeline.Core.Targets;

/// <summary>
/// A place the app runs: a directory and process on this machine, a host over SSH, or a container on this machine's engine.
/// Preparing a release changes nothing that serves; only <see cref="ActivateAsync"/> moves traffic.
/// </summary>
public interface IDeployTarget
{
    /// <summary>The target's name in the environment's configuration.</summary>
    string Name { get; }

    /// <summary>Where it is, for messages (a directory, user@host:path).</summary>
    string Description { get; }

    /// <summary>The target's own address, where its health and version are checked.</summary>
    Uri Url { get; }

    /// <summary>Where to look when the app on this target misbehaves.</summary>
    string LogLocation { get; }

    /// <summary>The version the target itself says is live (its <c>current</c>), or null before its first deploy.</summary>
    Task<string?> LiveVersionAsync(CancellationToken cancellationToken = default);

    /// <summary>The releases the target keeps, any of which it can activate without a transfer.</summary>
    Task<IReadOnlyList<string>> KeptVersionsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Puts the verified artifact on the target as an immutable release, without touching what serves. Returns false
    /// when the same bytes were already there (nothing transferred).
    /// </summary>
    Task<bool> PrepareAsync(ArtifactLayout artifact, string archiveSha256, Action<string> step, CancellationToken cancellationToken = default);

    /// <summary>The runtime settings the live app reads, or null when none were written yet.</summary>
    Task<string?> ReadSettingsAsync(CancellationToken cancellationToken = default);

    /// <summary>Replaces the runtime settings atomically; a running app reads them at its next start.</summary>
    Task WriteSettingsAsync(string settings, CancellationToken cancellationToken = default);

    /// <summary>Makes <paramref name="version"/> (a kept release) the one that serves, and (re)starts the app from it.</summary>
    Task ActivateAsync(string version, Action<string> step, CancellationToken cancellationToken = default);

    /// <summary>Restarts the app from the live release, e.g. after its settings changed.</summary>
    Task RestartAsync(Action<string> step, CancellationToken cancellationToken = default);

    /// <summary>Healthy means the health endpoint answers 200 and /version names <paramref name="expectedVersion"/>.</summary>
    Task<HealthResult> CheckHealthAsync(string expectedVersion, CancellationToken cancellationToken = default);

    /// <summary>A single look at the target's health and the version it serves, for status reports.</summary>
    Task<TargetProbe> ProbeAsync(CancellationToken cancellationToken = default);

    /// <summary>Stops the app; true when one was running.</summary>
    Task<bool> StopAsync(TimeSpan grace, CancellationToken cancellationToken = default);

    /// <summary>Deletes every release not in <paramref name="keep"/>; never the live one. Returns the versions deleted.</summary>
    Task<IReadOnlyList<string>> CleanupAsync(IReadOnlySet<string> keep, CancellationToken cancellationToken = default);
}

/// <summary>What a target said when asked once: its own live version, whether a process runs, and how its endpoint answered.</summary>
public sealed record TargetProbe(string? LiveVersion, bool Running, bool Healthy, string? ServedVersion, string Detail);
