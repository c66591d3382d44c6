using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using Pipeline.Core.Artifacts;

namespace Pipeline.Core.Containers;

/// <summary>Checks an app layer blob against the artifact's manifest: the archive byte for byte, and every file it unpacks to.</summary>
public static class ImageVerifier
{
    /// <summary>Every difference; empty when the layer holds exactly the artifact.</summary>
    public static IReadOnlyList<string> VerifyAppLayer(LayerBlob layer, ArtifactManifest manifest, string archiveName)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(manifest);
        var appPrefix = AppImageLayout.App.TrimStart('/') + "/";
        var archiveEntry = $"{AppImageLayout.Artifact.TrimStart('/')}/{archiveName}";
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        string? archiveDigest = null;
        using (var input = File.OpenRead(layer.BlobPath))
        using (var gzip = new GZipStream(input, CompressionMode.Decompress))
        using (var tar = new TarReader(gzip))
        {
            while (tar.GetNextEntry() is { } entry)
            {
                if (entry.EntryType != TarEntryType.RegularFile || entry.DataStream is null)
                {
                    continue;
                }

                if (entry.Name == archiveEntry)
                {
                    archiveDigest = Convert.ToHexStringLower(SHA256.HashData(entry.DataStream));
                }
                else if (entry.Name.StartsWith(appPrefix, StringComparison.Ordinal))
                {
                    found[entry.Name[appPrefix.Length..]] = Convert.ToHexStringLower(SHA256.HashData(entry.DataStream));
                }
            }
        }

        var problems = new List<string>();
        if (archiveDigest != manifest.Archive.Sha256)
        {
            problems.Add(archiveDigest is null
                ? $"/{archiveEntry} is missing"
                : $"/{archiveEntry} has sha256 {archiveDigest}, the manifest says {manifest.Archive.Sha256}");
        }

        foreach (var file in manifest.Files)
        {
            if (!found.Remove(file.Path, out var digest))
            {
                problems.Add($"{file.Path} is in the manifest, not in {AppImageLayout.App}");
            }
            else if (digest != file.Sha256)
            {
                problems.Add($"{AppImageLayout.App}/{file.Path} has sha256 {digest}, the manifest says {file.Sha256}");
            }
        }

        problems.AddRange(found.Keys.Select(extra => $"{AppImageLayout.App}/{extra} is not in the manifest"));
        return problems;
    }
}
