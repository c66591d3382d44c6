using System.Text;
using System.Text.Json;

namespace Pipeline.Core.Configuration;

/// <summary>
/// Where each key and array item of a JSON text starts (1-based line and column), by the JSON paths configuration
/// errors use (<c>$.deployment.targets[0].host</c>), so an error can point an editor or a CI annotation at its line.
/// </summary>
public sealed class JsonKeyPositions
{
    private readonly Dictionary<string, (int Line, int Column)> positions = new(StringComparer.Ordinal);

    private JsonKeyPositions()
    {
    }

    /// <summary>The positions of <paramref name="json"/>; as far as it is well-formed.</summary>
    public static JsonKeyPositions Of(string json)
    {
        var result = new JsonKeyPositions();
        var bytes = Encoding.UTF8.GetBytes(json);
        var lineStarts = LineStarts(bytes);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var containers = new Stack<Container>();
        var pending = "$";
        try
        {
            while (reader.Read())
            {
                var at = Position(lineStarts, (int)reader.TokenStartIndex);
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        pending = $"{containers.Peek().Path}.{reader.GetString()}";
                        result.positions.TryAdd(pending, at);
                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        containers.Push(new Container(result.ValuePath(containers, pending, at), reader.TokenType == JsonTokenType.StartArray));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        containers.Pop();
                        break;
                    default:
                        result.ValuePath(containers, pending, at);
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // A syntax error ends the map where the text stops being JSON; what came before is still placed.
        }

        return result;
    }

    /// <summary>The position of <paramref name="jsonPath"/>, else of its nearest parent that exists (a missing key: its object).</summary>
    public (int Line, int Column)? Find(string jsonPath)
    {
        for (var path = jsonPath; path.Length > 0; path = Parent(path))
        {
            if (positions.TryGetValue(path, out var at))
            {
                return at;
            }
        }

        return null;
    }

    private string ValuePath(Stack<Container> containers, string pending, (int Line, int Column) at)
    {
        if (containers.Count == 0)
        {
            positions.TryAdd("$", at);
            return "$";
        }

        var top = containers.Peek();
        if (!top.IsArray)
        {
            return pending;
        }

        var path = $"{top.Path}[{top.Index++}]";
        positions.TryAdd(path, at);
        return path;
    }

    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut > 0 ? path[..cut] : path == "$" ? string.Empty : "$";
    }

    private static List<int> LineStarts(byte[] bytes)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                starts.Add(i + 1);
            }
        }

        return starts;
    }

    private static (int Line, int Column) Position(List<int> lineStarts, int offset)
    {
        var index = lineStarts.BinarySearch(offset);
        var line = index >= 0 ? index : ~index - 1;
        return (line + 1, offset - lineStarts[line] + 1);
    }

    private sealed class Container(string path, bool isArray)
    {
        public string Path { get; } = path;

        public bool IsArray { get; } = isArray;

        public int Index { get; set; }
    }
}
