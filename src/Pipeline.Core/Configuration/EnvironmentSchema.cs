using System.ComponentModel;
using System.Reflection;
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
        properties.Insert(0, "$schema", new JsonObject { ["type"] = "string" });
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

        var description = context.PropertyInfo?.AttributeProvider is MemberInfo member
            ? member.GetCustomAttribute<DescriptionAttribute>()?.Description
            : null;
        if (description is not null)
        {
            node.Insert(0, "description", description);
        }

        return node;
    }
}
