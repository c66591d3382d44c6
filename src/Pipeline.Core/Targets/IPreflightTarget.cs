using Pipeline.Core.Artifacts;

namespace Pipeline.Core.Targets;

/// <summary>
/// A target reached over a network, checked before a deploy sends anything to any target: reachable, the login and
/// host key accepted, its path writable and room for the release. The check only reads.
/// </summary>
public interface IPreflightTarget
{
    /// <summary>Throws, naming the target, its address and the step, when the target could not take the release now.</summary>
    Task PreflightAsync(ArtifactLayout artifact, string archiveSha256, long unpackedBytes, Action<string> step, CancellationToken cancellationToken = default);
}
