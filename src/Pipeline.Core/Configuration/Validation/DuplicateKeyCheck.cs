using System.Text.Json;

namespace Pipeline.Core.Configuration.Validation;

/// <summary>
/// Finds keys given more than once in the same JSON object, anywhere in a document. JSON parsers disagree on
/// which of the values counts (System.Text.Json keeps the last), so a file that says two things is refused.
/// </summary>
public static class DuplicateKeyCheck
{
    /// <summary>Every key that occurs more than once in one object of <paramref name="root"/>, by JSON path, in document order.</summary>
    public static IReadOnlyList<ConfigError> Find(JsonElement root, string file)
    {
        var errors = new List<ConfigError>();
        Walk(root, "$", file, errors);
        return errors;
    }

    private static void Walk(JsonElement element, string path, string file, List<ConfigError> errors)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var member in element.EnumerateObject())
            {
                counts[member.Name] = counts.GetValueOrDefault(member.Name) + 1;
            }

            foreach (var (name, count) in counts.Where(c => c.Value > 1))
            {
                // Values are not shown: one of them may be a secret pasted in by mistake.
                errors.Add(new ConfigError(file, $"{path}.{name}", $"the key \"{name}\" {count} times in the same object", "each key once (the values are not merged; all but one would be ignored)"));
            }

            foreach (var member in element.EnumerateObject())
            {
                Walk(member.Value, $"{path}.{member.Name}", file, errors);
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var item in element.EnumerateArray())
            {
                Walk(item, $"{path}[{index++}]", file, errors);
            }
        }
    }
}
