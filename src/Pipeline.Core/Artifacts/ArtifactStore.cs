using System.Text.Json;
using Pipeline.Core.State;

namespace Pipeline.Core.Artifacts;

/// <summary>
/// The environment's artifact store (<c>deployment.artifactStore</c>): one archive and manifest per version,
/// under &lt;version&gt;/, in a local directory or an S3 bucket. A version is immutable: different bytes under a
/// version that is already stored are refused. Deploys fetch from it and verify the digest before anything changes.
/// </summary>
public sealed class ArtifactStore(IStateStore objects, string cacheRoot)
{
    public string Location => objects.Location;

    /// <summary>
    /// Publishes a built artifact; the manifest goes last, so a reader never finds a manifest without its archive.
    /// Returns false when the store already holds the same bytes under this version.
    /// </summary>
    public bool Publish(ArtifactLayout built)
    {
        var manifest = ArtifactVerifier.ReadManifest(built);
        if (Find(built.Version) is { } stored)
        {
            return stored.Archive.Sha256 == manifest.Archive.Sha256
                ? false
                : throw new ArtifactConflictException(built.Version, Location, stored.Archive.Sha256, manifest.Archive.Sha256);
        }

        objects.Upload(ArchiveKey(built.Version), built.ArchivePath);
        if (!objects.TryCreate(ManifestKey(built.Version), File.ReadAllBytes(built.ManifestPath)))
        {
            // Another build published the same version between our look and our write.
            var raced = Find(built.Version)!;
            return raced.Archive.Sha256 == manifest.Archive.Sha256
                ? false
                : throw new ArtifactConflictException(built.Version, Location, raced.Archive.Sha256, manifest.Archive.Sha256);
        }

        return true;
    }

    /// <summary>The manifest of <paramref name="version"/> in the store, or null when the store has none.</summary>
    public ArtifactManifest? Find(string version) =>
        objects.Read(ManifestKey(version)) is { } bytes ? JsonSerializer.Deserialize<ArtifactManifest>(bytes, StateJson.Options) : null;

    /// <summary>
    /// The artifact of <paramref name="version"/> on this machine, its archive proven to have the digest its manifest
    /// names; downloaded into the cache unless the store is a directory here.
    /// </summary>
    public ArtifactLayout Fetch(string version, string environment)
    {
        var manifest = Find(version) ?? throw new ArtifactNotFoundException(version, Location, environment);
        var layout = objects is LocalStateStore local
            ? new ArtifactLayout(local.Root, version)
            : Download(version);
        var digest = FileDigest.Sha256(layout.ArchivePath);
        return digest == manifest.Archive.Sha256
            ? layout
            : throw new InvalidDataException(
                $"{Location}: the archive of {version} has sha256 {digest}, but its manifest names {manifest.Archive.Sha256}; refusing to deploy bytes that do not verify. Rebuild and publish the version, or deploy another.");
    }

    private ArtifactLayout Download(string version)
    {
        var layout = new ArtifactLayout(cacheRoot, version);
        Directory.CreateDirectory(layout.Directory);
        objects.Download(ManifestKey(version), layout.ManifestPath);
        if (!objects.Download(ArchiveKey(version), layout.ArchivePath))
        {
            throw new FileNotFoundException($"{Location}: the manifest of {version} is there but its archive {ArchiveKey(version)} is not; publish the version again.");
        }

        return layout;
    }

    private static string ArchiveKey(string version) => $"{version}/{new ArtifactLayout(string.Empty, version).ArchiveName}";

    private static string ManifestKey(string version) => $"{version}/{ArtifactManifest.FileName}";
}

/// <summary>The store holds other bytes under a version than the ones offered: versions are immutable.</summary>
public sealed class ArtifactConflictException(string version, string location, string stored, string offered)
    : Exception($"{location} already holds {version} with archive sha256 {stored}; this build of {version} has sha256 {offered}. A version is immutable: commit the change and build it as a new version.");

/// <summary>The artifact store has no artifact of a version.</summary>
public sealed class ArtifactNotFoundException(string version, string location, string environment)
    : Exception($"No artifact of {version} in {location}; build and publish it with ./build.sh --target=Build --env={environment} (or name a published version with --app-version=<version>).")
{
    public string Version { get; } = version;
}
