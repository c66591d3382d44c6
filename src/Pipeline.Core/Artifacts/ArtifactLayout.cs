namespace Pipeline.Core.Artifacts;

/// <summary>
/// Where an artifact lives on this machine: &lt;root&gt;/&lt;version&gt;/ holds the archive and manifest.json. One
/// artifact per version serves every environment; settings are written on the target at deploy time.
/// </summary>
public sealed record ArtifactLayout(string ArtifactsRoot, string Version)
{
    public string Directory => Path.Combine(ArtifactsRoot, Version);

    public string ArchivePath => Path.Combine(Directory, ArchiveName);

    public string ArchiveName => $"trading-app-{Version}.tar.gz";

    public string ManifestPath => Path.Combine(Directory, ArtifactManifest.FileName);
}
