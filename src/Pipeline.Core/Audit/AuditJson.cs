using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using Pipeline.Core.Configuration;

namespace Pipeline.Core.Audit;

/// <summary>How journal objects are stored: the configuration's JSON rules, made strict enough to reject a damaged record.</summary>
internal static class AuditJson
{
    // Beyond ConfigJson: nulls are written, so every key is present, and a missing key or a null where the
    // type forbids one fails to parse instead of reading as null.
    public static JsonSerializerOptions Options { get; } = Create();

    public static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    public static bool TryParse<T>(byte[] content, [NotNullWhen(true)] out T? value, out string error)
        where T : class
    {
        try
        {
            value = JsonSerializer.Deserialize<T>(content, Options);
            error = value is null ? "the content is null" : "";
            return value is not null;
        }
        catch (JsonException exception)
        {
            value = null;
            error = exception.Message;
            return false;
        }
    }

    /// <summary>The object at <paramref name="key"/>; throws, naming the key, when it is missing or damaged.</summary>
    public static T Parse<T>(string key, byte[]? content)
        where T : class
    {
        if (content is null)
        {
            throw new InvalidDataException($"{key}: missing from the audit journal.");
        }

        return TryParse<T>(content, out var value, out var error)
            ? value
            : throw new InvalidDataException($"{key}: not a valid audit journal object ({error}); verify the journal.");
    }

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(ConfigJson.Options)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
        };
        options.Converters.Add(new AuditTimestampConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
