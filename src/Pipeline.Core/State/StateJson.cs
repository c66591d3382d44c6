using System.Text.Json;
using System.Text.Json.Serialization;
using Pipeline.Core.Configuration;

namespace Pipeline.Core.State;

/// <summary>
/// Typed JSON objects in a state store. Written with the configuration's JSON rules, but read tolerantly: a field
/// added by a newer version of the pipeline does not stop an older one from reading the record.
/// </summary>
public static class StateJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    public static T? Get<T>(this IStateStore store, string key)
        where T : class =>
        store.Read(key) is { } bytes ? JsonSerializer.Deserialize<T>(bytes, Options) : null;

    public static void Put<T>(this IStateStore store, string key, T value) =>
        store.Write(key, JsonSerializer.SerializeToUtf8Bytes(value, Options));

    public static bool TryCreate<T>(this IStateStore store, string key, T value) =>
        store.TryCreate(key, JsonSerializer.SerializeToUtf8Bytes(value, Options));

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(ConfigJson.Options) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
