using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Core.Configuration;

namespace Pipeline.Core.Analysis;

/// <summary>
/// The scrape targets the pipeline gives Prometheus through file-based service discovery (a <c>file_sd_configs</c>
/// file, re-read by Prometheus when it changes): each application target's address, labelled with its target name
/// and its track (stable or canary), so a query can compare the canary with the stable version.
/// </summary>
public static class PrometheusTargets
{
    public static void Write(string path, IEnumerable<(string Target, Uri Url, string Track, string Version)> targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var groups = new JsonArray([.. targets.Select(t => (JsonNode)new JsonObject
        {
            ["targets"] = new JsonArray($"{t.Url.Host}:{t.Url.Port}"),
            ["labels"] = new JsonObject { ["target"] = t.Target, ["track"] = t.Track, ["version"] = t.Version },
        })]);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        AtomicFile.WriteAllText(path, groups.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }
}
