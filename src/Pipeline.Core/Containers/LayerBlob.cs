using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;

namespace Pipeline.Core.Containers;

/// <summary>
/// One image layer: its uncompressed tar's digest (the config's diff_id), its gzip blob's digest and size (the
/// manifest's), and where the blob is. Gzip of the same tar with the same runtime gives the same bytes, and the
/// gzip header carries no time, so the digest follows from the content.
/// </summary>
public sealed record LayerBlob(string DiffId, string Digest, long Size, string BlobPath)
{
    public const string MediaType = "application/vnd.docker.image.rootfs.diff.tar.gzip";

    /// <summary>Compresses <paramref name="tarPath"/> into <paramref name="blobDirectory"/>/&lt;hex&gt;.</summary>
    public static LayerBlob Compress(string tarPath, string blobDirectory)
    {
        Directory.CreateDirectory(blobDirectory);
        var partial = Path.Combine(blobDirectory, $"layer-{Guid.NewGuid():N}.partial");
        string diffId;
        using (var input = File.OpenRead(tarPath))
        using (var output = File.Create(partial))
        {
            using var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[1 << 20];
            int read;
            while ((read = input.Read(buffer)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                gzip.Write(buffer, 0, read);
            }

            diffId = "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
        }

        var digest = Sha256Of(partial);
        var blob = Path.Combine(blobDirectory, digest["sha256:".Length..]);
        File.Move(partial, blob, overwrite: true);
        return new LayerBlob(diffId, digest, new FileInfo(blob).Length, blob);
    }

    public static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>A layer saved by <see cref="Save"/> whose blob is still there with its digest, else null.</summary>
    public static LayerBlob? TryRead(string directory, string name)
    {
        var file = Path.Combine(directory, $"{name}.layer.json");
        if (!File.Exists(file))
        {
            return null;
        }

        var layer = JsonSerializer.Deserialize<LayerBlob>(File.ReadAllText(file));
        return layer is not null && File.Exists(layer.BlobPath) && new FileInfo(layer.BlobPath).Length == layer.Size ? layer : null;
    }

    public void Save(string directory, string name) =>
        File.WriteAllText(Path.Combine(directory, $"{name}.layer.json"), JsonSerializer.Serialize(this));
}
