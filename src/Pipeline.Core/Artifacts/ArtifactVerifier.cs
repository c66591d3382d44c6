using System.Text.Json;
using Pipeline.Core.Configuration;
using Pipeline.Core.State;

namespace Pipeline.Core.Artifacts;

/// <summary>Checks that an artifact is exactly what its manifest says: the archive's digest and every file inside it.</summary>
public static class ArtifactVerifier
{
    public static ArtifactManifest ReadManifest(ArtifactLayout layout) =>
        File.Exists(layout.ManifestPath)
            ? JsonSerializer.Deserialize<ArtifactManifest>(File.ReadAllText(layout.ManifestPath), StateJson.Options)
                ?? throw new InvalidDataException($"{layout.ManifestPath}: empty manifest.")
            : throw new FileNotFoundException($"{layout.ManifestPath}: no manifest; build the artifact with ./build.sh --target=Build.", layout.ManifestPath);

    /// <summary>Every discrepancy between the artifact and its manifest; empty when it verifies.</summary>
    public static IReadOnlyList<string> Verify(ArtifactLayout layout)
    {
        var scratch = Directory.CreateTempSubdirectory("pipeline-verify-").FullName;
        try
        {
            return Verify(layout, scratch);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>Every discrepancy between the artifact and its manifest; empty when it verifies. Extracts into <paramref name="scratch"/>.</summary>
    public static IReadOnlyList<string> Verify(ArtifactLayout layout, string scratch)
    {
        var manifest = ReadManifest(layout);
        var problems = new List<string>();
        if (manifest.Version != layout.Version)
        {
            problems.Add($"{layout.ManifestPath}: describes {manifest.Version}, expected {layout.Version}");
        }

        if (!File.Exists(layout.ArchivePath))
        {
            problems.Add($"{layout.ArchivePath}: missing");
            return problems;
        }

        var digest = FileDigest.Sha256(layout.ArchivePath);
        if (digest != manifest.Archive.Sha256)
        {
            problems.Add($"{layout.ArchivePath}: sha256 {digest}, manifest says {manifest.Archive.Sha256}");
            return problems;
        }

        DeterministicArchive.Extract(layout.ArchivePath, scratch);
        var actual = FileDigest.Directory(scratch).ToDictionary(f => f.Path);
        foreach (var expected in manifest.Files)
        {
            if (!actual.Remove(expected.Path, out var found))
            {
                problems.Add($"{expected.Path}: in the manifest, missing from the archive");
            }
            else if (found.Sha256 != expected.Sha256)
            {
                problems.Add($"{expected.Path}: sha256 {found.Sha256}, manifest says {expected.Sha256}");
            }
        }

        problems.AddRange(actual.Keys.Select(path => $"{path}: in the archive, not in the manifest"));
        return problems;
    }
}
