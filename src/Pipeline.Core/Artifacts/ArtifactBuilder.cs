using System.Text.Json;
using Pipeline.Core.Configuration;
using Pipeline.Core.Processes;
using Pipeline.Core.State;

namespace Pipeline.Core.Artifacts;

/// <summary>What to build: the app project and its version.</summary>
public sealed record BuildRequest(string AppProject, BuildVersion Version, ArtifactLayout Layout, string Builder);

/// <summary>
/// Publishes the app and packs it as a deterministic archive plus manifest. No environment's settings go in:
/// the same bytes are promoted from environment to environment, and each target gets its settings at deploy time.
/// </summary>
public sealed class ArtifactBuilder(ICommandRunner runner, string root)
{
    public async Task<ArtifactManifest> BuildAsync(BuildRequest request, Action<string> progress, CancellationToken cancellationToken = default)
    {
        var staging = Path.Combine(Path.GetTempPath(), $"pipeline-publish-{Guid.NewGuid():N}");
        try
        {
            await new AppPublisher(runner, root)
                .PublishAsync(request.AppProject, staging, $"{request.Version.Version}+{request.Version.Commit}", progress, cancellationToken)
                .ConfigureAwait(false);

            Directory.CreateDirectory(request.Layout.Directory);
            DeterministicArchive.Create(staging, request.Layout.ArchivePath);

            var manifest = new ArtifactManifest(
                request.Version.Version,
                request.Version.Commit,
                request.Version.Branch,
                request.Version.Dirty,
                DateTimeOffset.UtcNow,
                request.Builder,
                new ManifestArchive(request.Layout.ArchiveName, FileDigest.Sha256(request.Layout.ArchivePath), new FileInfo(request.Layout.ArchivePath).Length),
                FileDigest.Directory(staging));
            AtomicFile.WriteAllText(request.Layout.ManifestPath, JsonSerializer.Serialize(manifest, StateJson.Options));
            return manifest;
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }
}
