using Pipeline.Core.Artifacts;
using Pipeline.Core.Hosting;

namespace Pipeline.Core.Targets;

/// <summary>
/// A configured target of a kind this version cannot reach (ssh): it is listed and reported as such, and any deploy
/// or rollback that would need it is refused before anything changes.
/// </summary>
public sealed class UnsupportedTarget(string name, string kind, string where, Uri url) : IDeployTarget
{
    public string Name => name;

    public string Description => $"{name} ({kind} {where})";

    public Uri Url => url;

    public string LogLocation => where;

    /// <summary>Why nothing can be done on this target.</summary>
    public string Reason => $"target {name} is of kind {kind}, which this version cannot deploy to yet (only local targets); nothing was changed";

    public Task<string?> LiveVersionAsync(CancellationToken cancellationToken = default) => throw Refused();

    public Task<IReadOnlyList<string>> KeptVersionsAsync(CancellationToken cancellationToken = default) => throw Refused();

    public Task<bool> PrepareAsync(ArtifactLayout artifact, string archiveSha256, Action<string> step, CancellationToken cancellationToken = default) => throw Refused();

    public Task<string?> ReadSettingsAsync(CancellationToken cancellationToken = default) => throw Refused();

    public Task WriteSettingsAsync(string settings, CancellationToken cancellationToken = default) => throw Refused();

    public Task ActivateAsync(string version, Action<string> step, CancellationToken cancellationToken = default) => throw Refused();

    public Task RestartAsync(Action<string> step, CancellationToken cancellationToken = default) => throw Refused();

    public Task<HealthResult> CheckHealthAsync(string expectedVersion, CancellationToken cancellationToken = default) => throw Refused();

    public Task<TargetProbe> ProbeAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(new TargetProbe(null, false, false, null, $"unknown: kind {kind} is not supported by this version"));

    public Task<bool> StopAsync(TimeSpan grace, CancellationToken cancellationToken = default) => throw Refused();

    public Task<IReadOnlyList<string>> CleanupAsync(IReadOnlySet<string> keep, CancellationToken cancellationToken = default) => throw Refused();

    private NotSupportedException Refused() => new(Reason);
}
