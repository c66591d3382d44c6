using System.Text.Json;

namespace Pipeline.Core.Web;

/// <summary>
/// The .live-release.json marker: which release the live site serves. It is written once the HTML of a publish is
/// live and before stale objects are deleted, so it names what visitors get even if the clean-up fails.
/// </summary>
public sealed record LiveRelease(string Version, DateTimeOffset PublishedUtc)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    public static LiveRelease? FromJson(byte[] json, string where)
    {
        try
        {
            return JsonSerializer.Deserialize<LiveRelease>(json, Json);
        }
        catch (JsonException exception)
        {
            throw new SitePublishException($"Live release marker {where} is not valid JSON: {exception.Message}; expected {{\"version\": ..., \"publishedUtc\": ...}}.", exception);
        }
    }
}
