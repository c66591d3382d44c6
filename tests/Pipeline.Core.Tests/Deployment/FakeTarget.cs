using System.Net;
using Pipeline.Core.Artifacts;
using Pipeline.Core.Hosting;
using Pipeline.Core.Targets;

namespace Pipeline.Core.Tests.Deployment;

/// <summary>
/// A fake target, in memory: it keeps releases, a live version and settings, and answers healthy unless told that a
/// version is broken. It records every call, so orchestration can be tested without processes or ports.
/// </summary>
public sealed class FakeTarget(string name, params string[] kept) : IDeployTarget
{
    private readonly List<string> releases = [.. kept];

    public string Name => name;

    public string Description => $"{name} (fake)";

    public Uri Url => new($"http://{name}.invalid/");

    public string LogLocation => $"{name}.log";

    public string? Live { get; set; }

    public string? Settings { get; set; }

    /// <summary>Versions that never answer healthy here.</summary>
    public HashSet<string> Broken { get; } = [];

    public List<string> Calls { get; } = [];

    public Task<string?> LiveVersionAsync(CancellationToken cancellationToken = default) => Task.FromResult(Live);

    public Task<IReadOnlyList<string>> KeptVersionsAsync(CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<string>>([.. releases]);

    public Task<bool> PrepareAsync(ArtifactLayout artifact, string archiveSha256, Action<string> step, CancellationToken cancellationToken = default)
    {
        Calls.Add($"prepare {artifact.Version}");
        var added = !releases.Contains(artifact.Version);
        releases.Add(artifact.Version);
        return Task.FromResult(added);
    }

    public Task<string?> ReadSettingsAsync(CancellationToken cancellationToken = default) => Task.FromResult(Settings);

    public Task WriteSettingsAsync(string settings, CancellationToken cancellationToken = default)
    {
        Calls.Add("settings");
        Settings = settings;
        return Task.CompletedTask;
    }

    public Task ActivateAsync(string version, Action<string> step, CancellationToken cancellationToken = default)
    {
        Calls.Add($"activate {version}");
        Live = version;
        return Task.CompletedTask;
    }

    public Task RestartAsync(Action<string> step, CancellationToken cancellationToken = default)
    {
        Calls.Add("restart");
        return Task.CompletedTask;
    }

    public Task<HealthResult> CheckHealthAsync(string expectedVersion, CancellationToken cancellationToken = default) =>
        Task.FromResult(Live == expectedVersion && !Broken.Contains(expectedVersion)
            ? new HealthResult(true, 1, HttpStatusCode.OK, "healthy")
            : new HealthResult(false, 3, HttpStatusCode.ServiceUnavailable, $"{expectedVersion} is broken on {name}"));

    public Task<TargetProbe> ProbeAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(new TargetProbe(Live, Live is not null, Live is not null && !Broken.Contains(Live), Live, "fake"));

    public Task<bool> StopAsync(TimeSpan grace, CancellationToken cancellationToken = default)
    {
        Calls.Add("stop");
        return Task.FromResult(Live is not null);
    }

    public Task<IReadOnlyList<string>> CleanupAsync(IReadOnlySet<string> keep, CancellationToken cancellationToken = default)
    {
        var doomed = releases.Where(r => !keep.Contains(r) && r != Live).ToList();
        releases.RemoveAll(doomed.Contains);
        return Task.FromResult<IReadOnlyList<string>>(doomed);
    }
}
