using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Core.Web;

/// <summary>
/// The .release.json of a release: every site path with what it must be served as. It is written after the last file
/// of the release, so a release without one is incomplete. <see cref="PartSize"/> is the part size multipart ETags
/// in <see cref="Files"/> were computed with.
/// </summary>
public sealed record ReleaseManifest(string Version, long PartSize, DateTimeOffset CreatedUtc, IReadOnlyDictionary<string, ReleaseFile> Files)
{
    public const string FileName = ".release.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public long TotalBytes => Files.Values.Sum(f => f.Size);

    /// <summary>Where the bytes of <paramref name="path"/> are, relative to releases/: in this release, or in the earlier one it refers to.</summary>
    public string StoredAt(string path) => Files[path].StoredAt ?? $"{Version}/{path}";

    public byte[] ToJson() =>
        JsonSerializer.SerializeToUtf8Bytes(this with { Files = new SortedDictionary<string, ReleaseFile>(Files.ToDictionary(), StringComparer.Ordinal) }, Json);

    public static ReleaseManifest FromJson(byte[] json, string where)
    {
        try
        {
            var manifest = JsonSerializer.Deserialize<ReleaseManifest>(json, Json);
            if (manifest?.Files is null || string.IsNullOrEmpty(manifest.Version))
            {
                throw new SitePublishException($"Release manifest {where} has no version or no files; expected {{\"version\": ..., \"files\": {{...}}}}.");
            }

            return manifest;
        }
        catch (JsonException exception)
        {
            throw new SitePublishException($"Release manifest {where} is not valid JSON: {exception.Message}", exception);
        }
    }

    /// <summary>The first path whose content differs between this stored release and the local files, described for an error message; null when they hold the same files.</summary>
    public string? FirstDifference(ReleaseManifest local)
    {
        foreach (var path in Files.Keys.Union(local.Files.Keys).Order(StringComparer.Ordinal))
        {
            var stored = Files.GetValueOrDefault(path);
            var found = local.Files.GetValueOrDefault(path);
            if (stored is null)
            {
                return $"{path} is only in the local files";
            }

            if (found is null)
            {
                return $"{path} is only in the stored release";
            }

            if (stored.Md5 != found.Md5 || stored.Size != found.Size)
            {
                return $"{path} has md5 {found.Md5} ({found.Size} bytes) locally but {stored.Md5} ({stored.Size} bytes) in the stored release";
            }
        }

        return null;
    }
}

/// <summary>
/// One file of a release: content MD5, the ETag S3 gives it when uploaded, and the headers it is served with.
/// <see cref="StoredAt"/> is where its bytes are when an earlier release already held the same content
/// ("&lt;version&gt;/&lt;path&gt;" under releases/): the release refers to them instead of storing a copy.
/// </summary>
public sealed record ReleaseFile(
    string Md5,
    long Size,
    [property: JsonPropertyName("etag")] string ETag,
    string ContentType,
    string CacheControl,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? StoredAt = null)
{
    public bool IsHtml => ContentTypeTable.IsHtml(ContentType);
}
