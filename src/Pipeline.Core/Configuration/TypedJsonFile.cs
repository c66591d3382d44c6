using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Core.Configuration.Validation;

namespace Pipeline.Core.Configuration;

/// <summary>Reads JSON text into a typed model: syntax errors with line and column, then every shape error at once.</summary>
public static class TypedJsonFile
{
    /// <summary>What a syntax error's <see cref="ConfigError.Found"/> says.</summary>
    public const string InvalidJson = "invalid JSON";

    public static (T? Value, IReadOnlyList<ConfigError> Errors) Parse<T>(string json, string displayPath)
        where T : class
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            var (line, column) = ((int)(ex.LineNumber ?? 0) + 1, (int)(ex.BytePositionInLine ?? 0) + 1);
            return (null, [new ConfigError(displayPath, $"line {line}, column {column}", InvalidJson, $"well-formed JSON ({FirstSentence(ex.Message)})") { Line = line, Column = column }]);
        }

        using (document)
        {
            var errors = JsonShapeValidator.Validate(document.RootElement, typeof(T), displayPath);
            if (errors.Count > 0)
            {
                return (null, errors);
            }

            // "$schema" is for editors; the model has no member for it.
            var node = JsonNode.Parse(document.RootElement.GetRawText())!.AsObject();
            node.Remove("$schema");
            return (node.Deserialize<T>(ConfigJson.Options), []);
        }
    }

    /// <summary>Loads <paramref name="path"/> or throws <see cref="ConfigurationException"/> with every fault.</summary>
    public static T Load<T>(string path)
        where T : class
    {
        if (!File.Exists(path))
        {
            throw new ConfigurationException($"{path}: the file does not exist.");
        }

        var (value, errors) = Parse<T>(File.ReadAllText(path), path);
        return errors.Count > 0 ? throw new ConfigurationException(errors) : value!;
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (end > 0 ? message[..end] : message).TrimEnd('.', ' ');
    }
}
