using System.Text.Json;
using Pipeline.Core.Artifacts;

namespace Pipeline.Core.Containers;

/// <summary>What prepare checks on any engine before anything changes: the pulled image holds the verified archive.</summary>
public static class ImageArtifactCheck
{
    /// <summary>
    /// Throws unless the image's <see cref="ImageDocuments.ArtifactLabel"/> label, in its inspect document
    /// <paramref name="inspected"/>, is <paramref name="archiveSha256"/>; <paramref name="where"/> names the engine's host
    /// in the message (empty for this machine).
    /// </summary>
    public static void Require(JsonElement inspected, string target, string reference, string where, ArtifactLayout artifact, string archiveSha256)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        var labels = inspected.GetProperty("Config").TryGetProperty("Labels", out var found) && found.ValueKind == JsonValueKind.Object ? found : (JsonElement?)null;
        var holds = labels is { } l && l.TryGetProperty(ImageDocuments.ArtifactLabel, out var label) ? label.GetString() : null;
        if (holds != archiveSha256)
        {
            throw new ContainerException($"{target}: the image {reference}{where} holds the artifact with sha256 {holds ?? "(no label)"}, not {archiveSha256} of {artifact.ArchiveName}; nothing was changed. Run the Image target again for this artifact.");
        }
    }
}
