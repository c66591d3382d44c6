using System.Globalization;
using System.Text.Json;

namespace Pipeline.Core.Containers;

/// <summary>
/// The image's config and manifest as bytes, written property by property in a fixed order: their digests are the
/// image id and the image digest, so the same inputs must give the same bytes.
/// </summary>
public static class ImageDocuments
{
    private static readonly JsonWriterOptions Options = new() { Indented = false };

    /// <summary>The OCI labels of an image of <paramref name="version"/> from <paramref name="source"/>.</summary>
    public static SortedDictionary<string, string> Labels(string version, string archiveSha256, ImageSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["org.opencontainers.image.created"] = Timestamp(source.Created),
            ["org.opencontainers.image.revision"] = source.Revision,
            ["org.opencontainers.image.source"] = source.Url,
            ["org.opencontainers.image.title"] = "trading-app",
            ["org.opencontainers.image.version"] = version,
            [ArtifactLabel] = archiveSha256,
        };
    }

    /// <summary>The label holding the sha256 of the artifact archive the image carries.</summary>
    public const string ArtifactLabel = "io.pipeline.artifact.sha256";

    public static byte[] Config(IReadOnlyDictionary<string, string> labels, ImageSource source, IReadOnlyList<LayerBlob> layers, int userId)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(layers);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteString("architecture", "amd64");
            json.WriteStartObject("config");
            json.WriteString("User", string.Create(CultureInfo.InvariantCulture, $"{userId}:{userId}"));
            json.WriteStartArray("Env");
            json.WriteStringValue($"PATH={RuntimeLayer.ImageRoot}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
            json.WriteStringValue($"DOTNET_ROOT={RuntimeLayer.ImageRoot}");
            json.WriteStringValue("DOTNET_NOLOGO=1");
            json.WriteStringValue($"TRADING_DATA_DIR={AppImageLayout.DataDirectory}");
            json.WriteStringValue($"{AppImageLayout.HostVariable}=127.0.0.1");
            json.WriteStringValue(string.Create(CultureInfo.InvariantCulture, $"{AppImageLayout.PortVariable}={AppImageLayout.DefaultPort}"));
            json.WriteEndArray();
            json.WriteStartArray("Entrypoint");
            json.WriteStringValue(AppImageLayout.StartScript);
            json.WriteEndArray();
            json.WriteString("WorkingDir", AppImageLayout.App);
            json.WriteStartObject("Labels");
            foreach (var (key, value) in labels.OrderBy(l => l.Key, StringComparer.Ordinal))
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
            json.WriteStartObject("Healthcheck");
            json.WriteStartArray("Test");
            json.WriteStringValue("CMD");
            json.WriteStringValue(AppImageLayout.HealthScript);
            json.WriteEndArray();
            json.WriteNumber("Interval", TimeSpan.FromSeconds(5).Ticks * 100);
            json.WriteNumber("Timeout", TimeSpan.FromSeconds(3).Ticks * 100);
            json.WriteNumber("StartPeriod", TimeSpan.FromSeconds(30).Ticks * 100);
            json.WriteNumber("Retries", 3);
            json.WriteEndObject();
            json.WriteString("StopSignal", "SIGTERM");
            json.WriteEndObject();
            json.WriteString("created", Timestamp(source.Created));
            json.WriteStartArray("history");
            foreach (var comment in new[] { "base: Debian minbase and the app's user", $"runtime: .NET {RuntimeLayer.Version}", "app: the artifact, unpacked and whole" }.Take(layers.Count))
            {
                json.WriteStartObject();
                json.WriteString("created", Timestamp(source.Created));
                json.WriteString("created_by", comment);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteString("os", "linux");
            json.WriteStartObject("rootfs");
            json.WriteString("type", "layers");
            json.WriteStartArray("diff_ids");
            foreach (var layer in layers)
            {
                json.WriteStringValue(layer.DiffId);
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    public static byte[] Manifest(string configDigest, long configSize, IReadOnlyList<LayerBlob> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteNumber("schemaVersion", 2);
            json.WriteString("mediaType", BuiltImage.ManifestMediaType);
            json.WriteStartObject("config");
            json.WriteString("mediaType", BuiltImage.ConfigMediaType);
            json.WriteNumber("size", configSize);
            json.WriteString("digest", configDigest);
            json.WriteEndObject();
            json.WriteStartArray("layers");
            foreach (var layer in layers)
            {
                json.WriteStartObject();
                json.WriteString("mediaType", LayerBlob.MediaType);
                json.WriteNumber("size", layer.Size);
                json.WriteString("digest", layer.Digest);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
