namespace Pipeline.Core.Artifacts;

/// <summary>One file of the published app, as recorded in the manifest.</summary>
public sealed record ManifestFile(string Path, string Sha256, long Bytes);

/// <summary>The archive itself, as recorded in the manifest.</summary>
public sealed record ManifestArchive(string File, string Sha256, long Bytes);

/// <summary>manifest.json: what was built, from what, by whom, and the digest of every byte of it; the same for every environment.</summary>
public sealed record ArtifactManifest(
    string Version,
    string Commit,
    string Branch,
    bool Dirty,
    DateTimeOffset BuildTime,
    string Builder,
    ManifestArchive Archive,
    IReadOnlyList<ManifestFile> Files)
{
    public const string FileName = "manifest.json";
}
