namespace Pipeline.Core.Targets;

/// <summary>
/// A target whose app can be told to stop by itself later, with nothing of the pipeline running then: blue/green's
/// old colour once its keepPreviousFor ends.
/// </summary>
public interface IRetiringTarget
{
    /// <summary>While the target runs <paramref name="version"/>, its app stops at <paramref name="at"/> and is not restarted; asking it for a release cancels that.</summary>
    Task RetireAtAsync(string version, DateTimeOffset at, string reason, CancellationToken cancellationToken = default);

    /// <summary>Cancels a retirement set before; nothing when there is none.</summary>
    Task KeepRunningAsync(CancellationToken cancellationToken = default);
}
