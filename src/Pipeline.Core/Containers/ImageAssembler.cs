using System.Text;
using System.Text.Json;
using Pipeline.Core.Artifacts;
using Pipeline.Core.State;

namespace Pipeline.Core.Containers;

/// <summary>
/// Assembles the app's image without a docker build: the cached base and runtime layers, then a layer of the
/// artifact (unpacked, and the archive itself), a config and a manifest written byte for byte. Docker 20.10's
/// builder stamps every build with the time it ran, so the same commit would never give the same digest; here the
/// only time in the image is the commit's. The layout is written to &lt;artifact&gt;/image/ and checked against the
/// artifact's manifest before it is returned.
/// </summary>
public sealed class ImageAssembler(BaseImageCache baseImage, RuntimeLayer runtime, BaseImageRecipe recipe)
{
    public const string DirectoryName = "image";

    public const string DescriptionFile = "image.json";

    public static string ImageDirectory(ArtifactLayout artifact)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        return Path.Combine(artifact.Directory, DirectoryName);
    }

    public BuiltImage Assemble(ArtifactLayout artifact, ImageSource source, Action<string> step, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(step);
        var manifest = ArtifactVerifier.ReadManifest(artifact);
        var archiveDigest = FileDigest.Sha256(artifact.ArchivePath);
        if (archiveDigest != manifest.Archive.Sha256)
        {
            throw new ContainerException($"{artifact.ArchivePath}: sha256 {archiveDigest}, its manifest says {manifest.Archive.Sha256}; rebuild it with ./build.sh --target=Build.");
        }

        var output = ImageDirectory(artifact);
        var blobs = Path.Combine(output, "blobs");
        Directory.CreateDirectory(blobs);
        var layers = new List<LayerBlob> { baseImage.Ensure(step, cancellationToken), runtime.Ensure(step) };
        cancellationToken.ThrowIfCancellationRequested();
        var app = AppLayer(artifact, blobs);
        step($"app layer {app.Digest} ({app.Size:N0} bytes): {manifest.Files.Count} files and {artifact.ArchiveName}");
        layers.Add(app);

        var problems = ImageVerifier.VerifyAppLayer(app, manifest, artifact.ArchiveName);
        if (problems.Count > 0)
        {
            throw new ContainerException($"The image's app layer does not hold the artifact {manifest.Version}: {string.Join("; ", problems)}");
        }

        step($"verified: the app layer holds {artifact.ArchiveName} with sha256 {manifest.Archive.Sha256} and all {manifest.Files.Count} files as the manifest lists them");
        var labels = ImageDocuments.Labels(manifest.Version, manifest.Archive.Sha256, source);
        var config = ImageDocuments.Config(labels, source, layers, recipe.AppUserId);
        var configPath = WriteBlob(blobs, config, out var configDigest);
        var manifestBytes = ImageDocuments.Manifest(configDigest, config.Length, layers);
        var manifestPath = WriteBlob(blobs, manifestBytes, out var digest);
        var image = new BuiltImage(manifest.Version, digest, configDigest, layers, labels, manifestPath, configPath);
        File.WriteAllText(Path.Combine(output, DescriptionFile), JsonSerializer.Serialize(image, StateJson.Options));
        step($"image {digest} (id {configDigest})");
        return image;
    }

    /// <summary>The image described in &lt;artifact&gt;/image/image.json, or null when none was assembled.</summary>
    public static BuiltImage? Read(ArtifactLayout artifact)
    {
        var file = Path.Combine(ImageDirectory(artifact), DescriptionFile);
        return File.Exists(file) ? JsonSerializer.Deserialize<BuiltImage>(File.ReadAllText(file), StateJson.Options) : null;
    }

    private LayerBlob AppLayer(ArtifactLayout artifact, string blobs)
    {
        var scratch = Directory.CreateTempSubdirectory("pipeline-image-").FullName;
        try
        {
            var unpacked = Path.Combine(scratch, "app");
            DeterministicArchive.Extract(artifact.ArchivePath, unpacked);
            var tar = Path.Combine(scratch, "app.tar");
            new LayerTarBuilder()
                .Tree(AppImageLayout.App, unpacked)
                .File($"{AppImageLayout.Artifact}/{artifact.ArchiveName}", artifact.ArchivePath, LayerTarBuilder.ReadOnlyMode)
                .File(AppImageLayout.StartScript, Encoding.UTF8.GetBytes(AppImageLayout.Start), LayerTarBuilder.ExecutableMode)
                .File(AppImageLayout.HealthScript, Encoding.UTF8.GetBytes(AppImageLayout.HealthCheck), LayerTarBuilder.ExecutableMode)
                .Directory(AppImageLayout.DataDirectory, (UnixFileMode)0b111_101_000, recipe.AppUserId)
                .Write(tar);
            return LayerBlob.Compress(tar, blobs);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static string WriteBlob(string blobs, byte[] content, out string digest)
    {
        digest = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));
        var path = Path.Combine(blobs, digest["sha256:".Length..]);
        File.WriteAllBytes(path, content);
        return path;
    }
}
