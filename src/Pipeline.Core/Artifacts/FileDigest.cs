using System.Security.Cryptography;

namespace Pipeline.Core.Artifacts;

/// <summary>SHA-256 of files, as lowercase hex.</summary>
public static class FileDigest
{
    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public static IReadOnlyList<ManifestFile> Directory(string root) =>
        System.IO.Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => new ManifestFile(Path.GetRelativePath(root, f).Replace('\\', '/'), Sha256(f), new FileInfo(f).Length))
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .ToList();
}
