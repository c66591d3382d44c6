namespace Pipeline.Core.Artifacts;

/// <summary>Where an artifact lives: artifacts/&lt;version&gt;/&lt;environment&gt;/ holds the archive and manifest.json.</summary>
public sealed record ArtifactLayout(string ArtifactsRoot, string Version, string Environment)
{
    public string Directory => Path.Combine(ArtifactsRoot, Version, Environment);

    public string ArchivePath => Path.Combine(Directory, ArchiveName);

    public string ArchiveName => $"trading-app-{Version}.tar.gz";

    public string ManifestPath => Path.Combine(Directory, ArtifactManifest.FileName);
}
