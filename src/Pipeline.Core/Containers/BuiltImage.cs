namespace Pipeline.Core.Containers;

/// <summary>
/// An image assembled from an artifact: its manifest's digest (what a registry and the deploy record name), its
/// config's digest (the engine's image id), its layers base first, its labels, and the files that hold it.
/// </summary>
public sealed record BuiltImage(
    string Version,
    string Digest,
    string ConfigDigest,
    IReadOnlyList<LayerBlob> Layers,
    IReadOnlyDictionary<string, string> Labels,
    string ManifestPath,
    string ConfigPath)
{
    public const string ManifestMediaType = "application/vnd.docker.distribution.manifest.v2+json";

    public const string ConfigMediaType = "application/vnd.docker.container.image.v1+json";

    public LayerBlob AppLayer => Layers[^1];
}
