namespace Pipeline.Core.Databases.MongoDb;

/// <summary>How the MongoDB tools' output and absence are described in errors.</summary>
public static class MongoToolOutput
{
    public const string InstallHint = "install the MongoDB Database Tools (https://www.mongodb.com/docs/database-tools/installation/)";

    private const int TailLines = 20;

    /// <summary>The last lines of <paramref name="output"/>, indented one per line, with <paramref name="uri"/> masked.</summary>
    public static string Tail(IReadOnlyList<string> output, string? uri)
    {
        if (output.Count == 0)
        {
            return "  (no output)";
        }

        var tail = output.Skip(Math.Max(0, output.Count - TailLines)).Select(line => "  " + line);
        return MongoUri.Mask(string.Join(Environment.NewLine, tail), uri);
    }
}
