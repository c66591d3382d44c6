using System.Text.Json;
using Pipeline.Core.Configuration;

namespace Pipeline.Core.State;

/// <summary>Typed JSON objects in a state store, with the configuration's JSON rules.</summary>
public static class StateJson
{
    public static T? Get<T>(this IStateStore store, string key)
        where T : class =>
        store.Read(key) is { } bytes ? JsonSerializer.Deserialize<T>(bytes, ConfigJson.Options) : null;

    public static void Put<T>(this IStateStore store, string key, T value) =>
        store.Write(key, JsonSerializer.SerializeToUtf8Bytes(value, ConfigJson.Options));

    public static bool TryCreate<T>(this IStateStore store, string key, T value) =>
        store.TryCreate(key, JsonSerializer.SerializeToUtf8Bytes(value, ConfigJson.Options));
}
