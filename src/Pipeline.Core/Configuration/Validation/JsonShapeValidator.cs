using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Pipeline.Core.Configuration.Model;

namespace Pipeline.Core.Configuration.Validation;

/// <summary>
/// Checks a JSON document against the shape of a typed model, as the serializer sees it, and reports
/// every duplicated key, unknown key, missing key and wrong type at once (the serializer itself stops at the
/// first, and takes the last of duplicated keys without a word).
/// </summary>
public sealed class JsonShapeValidator(string file)
{
    private readonly List<ConfigError> errors = [];

    public static IReadOnlyList<ConfigError> Validate(JsonElement root, Type modelType, string file)
    {
        var validator = new JsonShapeValidator(file);
        validator.errors.AddRange(DuplicateKeyCheck.Find(root, file));
        validator.Check(root, modelType, "$");
        return validator.errors;
    }

    private void Check(JsonElement element, Type type, string path)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (element.ValueKind == JsonValueKind.Null)
        {
            if (underlying is null && type.IsValueType)
            {
                Add(path, "null", Describe(type));
            }

            return;
        }

        type = underlying ?? type;
        if (type == typeof(SecretReference))
        {
            CheckSecret(element, path);
        }
        else if (type == typeof(string))
        {
            Expect(element, JsonValueKind.String, path, "a string");
        }
        else if (type == typeof(bool))
        {
            if (element.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                Add(path, Found(element), "true or false");
            }
        }
        else if (type == typeof(int))
        {
            if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt32(out _))
            {
                Add(path, Found(element), "a whole number");
            }
        }
        else if (type.IsEnum)
        {
            CheckEnum(element, type, path);
        }
        else
        {
            CheckComposite(element, type, path);
        }
    }

    private void CheckComposite(JsonElement element, Type type, string path)
    {
        var info = ConfigJson.Options.GetTypeInfo(type);
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Object:
                CheckObject(element, info, path);
                break;
            case JsonTypeInfoKind.Dictionary:
                if (Expect(element, JsonValueKind.Object, path, "an object"))
                {
                    foreach (var property in element.EnumerateObject())
                    {
                        Check(property.Value, info.ElementType!, $"{path}.{property.Name}");
                    }
                }

                break;
            case JsonTypeInfoKind.Enumerable:
                if (Expect(element, JsonValueKind.Array, path, "an array"))
                {
                    var index = 0;
                    foreach (var item in element.EnumerateArray())
                    {
                        Check(item, info.ElementType!, $"{path}[{index++}]");
                    }
                }

                break;
            default:
                throw new NotSupportedException($"The configuration model uses {type.Name}, which the shape check does not know.");
        }
    }

    private void CheckObject(JsonElement element, JsonTypeInfo info, string path)
    {
        if (!Expect(element, JsonValueKind.Object, path, "an object"))
        {
            return;
        }

        var properties = info.Properties.ToDictionary(p => p.Name, StringComparer.Ordinal);
        foreach (var member in element.EnumerateObject())
        {
            if (path == "$" && member.Name == "$schema")
            {
                continue;
            }

            if (properties.TryGetValue(member.Name, out var property))
            {
                Check(member.Value, property.PropertyType, $"{path}.{member.Name}");
            }
            else
            {
                var known = string.Join(", ", properties.Keys.Order(StringComparer.Ordinal));
                Add($"{path}.{member.Name}", "an unknown key", $"one of: {known}");
            }
        }

        foreach (var property in info.Properties.Where(p => p.IsRequired))
        {
            if (!element.TryGetProperty(property.Name, out _))
            {
                Add($"{path}.{property.Name}", "nothing (the key is missing)", Describe(property.PropertyType));
            }
        }
    }

    private void CheckEnum(JsonElement element, Type type, string path)
    {
        var names = EnumNames.For(type);
        var expected = "one of: " + string.Join(", ", names);
        if (element.ValueKind != JsonValueKind.String)
        {
            Add(path, Found(element), expected);
        }
        else if (!names.Contains(element.GetString(), StringComparer.Ordinal))
        {
            Add(path, Found(element), expected);
        }
    }

    private void CheckSecret(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.String)
        {
            Add(path, Found(element), SecretReference.Syntax);
        }
        else if (!SecretReference.TryParse(element.GetString(), out _))
        {
            // The value may be a secret pasted in by mistake: never echo it.
            Add(path, "a literal value (not shown)", SecretReference.Syntax);
        }
    }

    private bool Expect(JsonElement element, JsonValueKind kind, string path, string expected)
    {
        if (element.ValueKind == kind)
        {
            return true;
        }

        Add(path, Found(element), expected);
        return false;
    }

    private void Add(string path, string found, string expected) => errors.Add(new ConfigError(file, path, found, expected));

    private static string Found(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{element.GetString()}\"",
        JsonValueKind.Number => $"the number {element.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {element.GetRawText()}",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };

    private static string Describe(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return "a string";
        }

        if (type == typeof(int))
        {
            return "a whole number";
        }

        if (type == typeof(bool))
        {
            return "true or false";
        }

        if (type == typeof(SecretReference))
        {
            return SecretReference.Syntax;
        }

        if (type.IsEnum)
        {
            return "one of: " + string.Join(", ", EnumNames.For(type));
        }

        return ConfigJson.Options.GetTypeInfo(type).Kind switch
        {
            JsonTypeInfoKind.Enumerable => "an array",
            _ => "an object",
        };
    }
}
