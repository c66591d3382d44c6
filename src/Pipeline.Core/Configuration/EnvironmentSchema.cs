using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using Pipeline.Core.Configuration.Model;

namespace Pipeline.Core.Configuration;

/// <summary>
/// The JSON schema editors use for completion, generated from the typed model so the two cannot drift.
/// The committed copy is checked against this by a test and rewritten by the ConfigSchema target.
/// </summary>
public static class EnvironmentSchema
{
    public static string Render()
    {
        var exporter = new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = Describe,
        };
        var schema = ConfigJson.Options.GetJsonSchemaAsNode(typeof(EnvironmentSettings), exporter).AsObject();
        var properties = schema["properties"]!.AsObject();
        properties.Insert(0, "$schema", new JsonObject { ["description"] = "The schema this file follows, for editor completion and checks: \"environment.schema.json\".", ["type"] = "string" });
        var ordered = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["title"] = "Pipeline environment",
            ["description"] = "One environment of the trading application (config/environments/<name>.json).",
        };
        foreach (var (key, value) in schema.ToList())
        {
            schema.Remove(key);
            ordered[key] = value;
        }

        return ordered.ToJsonString(ConfigJson.Options) + "\n";
    }

    private static JsonNode Describe(JsonSchemaExporterContext context, JsonNode schema)
    {
        // A type with a custom converter comes out as the schema "true"; say what a secret reference is.
        if (context.TypeInfo.Type == typeof(SecretReference))
        {
            schema = new JsonObject { ["type"] = "string", ["pattern"] = SecretReference.Pattern().ToString() };
        }

        if (schema is not JsonObject node)
        {
            return schema;
        }

        if (context.PropertyInfo is not { AttributeProvider: PropertyInfo member } property)
        {
            return node;
        }

        if (member.GetCustomAttribute<DescriptionAttribute>()?.Description is { } description)
        {
            node.Insert(0, "description", description);
        }

        // The limits ConfigValidate enforces, so an editor flags the same values.
        if (member.GetCustomAttribute<RangeAttribute>() is { Minimum: int minimum, Maximum: int maximum })
        {
            node["minimum"] = minimum;
            if (maximum != int.MaxValue)
            {
                node["maximum"] = maximum;
            }
        }

        if (member.GetCustomAttribute<ValueFormatAttribute>() is { } format)
        {
            // A list of strings (email recipients) carries the format on each item.
            var target = node["items"] is JsonObject items ? items : node;
            foreach (var (key, setting) in FormatOf(format.Format))
            {
                target[key] = setting?.DeepClone();
            }
        }

        if (member.GetCustomAttribute<RegularExpressionAttribute>() is { } expression)
        {
            node["pattern"] = expression.Pattern;
        }

        if (!property.IsRequired && member.CanWrite && DefaultOf(member) is { } value)
        {
            node["default"] = value;
        }

        return node;
    }

    // JSON Schema's words for what Validation/ValueFormats checks; http(s) also as a pattern, since "uri" takes any scheme.
    private static JsonObject FormatOf(ValueFormat format) => format switch
    {
        ValueFormat.HttpUrl => new JsonObject { ["format"] = "uri", ["pattern"] = "^[Hh][Tt][Tt][Pp][Ss]?://" },
        ValueFormat.AbsoluteUri => new JsonObject { ["format"] = "uri" },
        ValueFormat.Email => new JsonObject { ["format"] = "email" },
        ValueFormat.Host => new JsonObject
        {
            ["anyOf"] = new JsonArray(
                new JsonObject { ["format"] = "hostname" },
                new JsonObject { ["format"] = "ipv4" },
                new JsonObject { ["format"] = "ipv6" }),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    // A key left out takes the value a new settings object has; required keys and keys without a value have no default.
    private static JsonNode? DefaultOf(PropertyInfo member)
    {
        var owner = member.DeclaringType!;
        if (owner.GetConstructor(Type.EmptyTypes) is null)
        {
            return null;
        }

        var value = member.GetValue(Activator.CreateInstance(owner));
        return value is null ? null : JsonSerializer.SerializeToNode(value, member.PropertyType, ConfigJson.Options);
    }
}
