using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Pipeline.Core.Configuration.Model;

public enum SecretSource
{
    /// <summary>An environment variable of the process.</summary>
    Env,

    /// <summary>An entry of the secret store.</summary>
    Store,
}

/// <summary>
/// Where a secret lives, written "env:NAME" or "store:name" in configuration. The value itself is
/// resolved only where it is used and never kept in settings.
/// </summary>
[JsonConverter(typeof(SecretReferenceJsonConverter))]
public sealed partial record SecretReference(SecretSource Source, string Name)
{
    public const string Syntax = "a secret reference \"env:NAME\" or \"store:name\"";

    public static bool TryParse(string? text, out SecretReference? reference)
    {
        reference = null;
        var match = text is null ? null : Pattern().Match(text);
        if (match is null || !match.Success)
        {
            return false;
        }

        var source = match.Groups["source"].Value == "env" ? SecretSource.Env : SecretSource.Store;
        reference = new SecretReference(source, match.Groups["name"].Value);
        return true;
    }

    public override string ToString() => $"{(Source == SecretSource.Env ? "env" : "store")}:{Name}";

    [GeneratedRegex("^(?<source>env|store):(?<name>[A-Za-z_][A-Za-z0-9_./-]*)$")]
    internal static partial Regex Pattern();
}

internal sealed class SecretReferenceJsonConverter : JsonConverter<SecretReference>
{
    public override SecretReference Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return SecretReference.TryParse(text, out var reference)
            ? reference!
            : throw new JsonException($"Expected {SecretReference.Syntax}.");
    }

    public override void Write(Utf8JsonWriter writer, SecretReference value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
