using System.Text.Json;
using Cake.Core.Diagnostics;
using Pipeline.Core.Configuration;

namespace Pipeline.Build.Infrastructure;

/// <summary>--output: <c>table</c> (the default, for people) or <c>json</c> (one JSON document, for scripts).</summary>
public static class OutputFormat
{
    public static bool IsJson(BuildContext context)
    {
        var output = context.Argument(ArgumentNames.Output) ?? "table";
        return output switch
        {
            "json" => true,
            "table" => false,
            _ => throw new ConfigurationException($"--output: \"{output}\" is not an output format; expected table or json."),
        };
    }

    /// <summary>Writes <paramref name="value"/> as one indented JSON document on the log's standard output.</summary>
    public static void WriteJson(BuildContext context, object value, JsonSerializerOptions options)
    {
        // As an argument, not as the format: the JSON's braces come out as they are.
        context.Log.Information("{0}", JsonSerializer.Serialize(value, options));
    }
}
