using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;

namespace Pipeline.Core.Configuration.Validation;

/// <summary>
/// The model of a file that has shape errors, read without the keys those errors name, without unknown keys and with
/// missing keys left at their defaults: enough to check the rules on the rest in the same pass.
/// </summary>
public static partial class LenientModel
{
    private static readonly JsonSerializerOptions Options = Create();

    /// <summary>The model without the values at <paramref name="faultyPaths"/>, or null when even that cannot be read.</summary>
    public static T? Read<T>(string json, IEnumerable<string> faultyPaths)
        where T : class
    {
        try
        {
            if (JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip }) is not JsonObject root)
            {
                return null;
            }

            root.Remove("$schema");
            foreach (var path in faultyPaths.OrderByDescending(p => p, StringComparer.Ordinal))
            {
                Remove(root, path);
            }

            return root.Deserialize<T>(Options);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            // Wrong types deeper than the faults name, or a key given twice (JsonNode refuses those): no model.
            return null;
        }
    }

    private static void Remove(JsonNode root, string path)
    {
        var segments = Segment().Matches(path).Select(m => m.Groups[1].Success ? (Key: m.Groups[1].Value, Index: -1) : (Key: (string?)null, Index: int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture))).ToList();
        var node = root;
        for (var i = 0; i < segments.Count; i++)
        {
            var (key, index) = segments[i];
            var last = i == segments.Count - 1;
            switch (node)
            {
                case JsonObject obj when key is not null:
                    if (last)
                    {
                        obj.Remove(key);
                        return;
                    }

                    node = obj[key];
                    break;
                case JsonArray array when key is null && index < array.Count:
                    if (last)
                    {
                        array.RemoveAt(index);
                        return;
                    }

                    node = array[index];
                    break;
                default:
                    return;
            }

            if (node is null)
            {
                return;
            }
        }
    }

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(ConfigJson.Options)
        {
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { NothingRequired } },
        };
        options.MakeReadOnly();
        return options;
    }

    private static void NothingRequired(JsonTypeInfo info)
    {
        foreach (var property in info.Properties)
        {
            property.IsRequired = false;
        }
    }

    [GeneratedRegex(@"\.([^.\[]+)|\[(\d+)\]")]
    private static partial Regex Segment();
}
