using System.Globalization;

namespace Pipeline.Core.Routing;

/// <summary>Reads the servers of one backend from the CSV of haproxy's "show stat" (first line "# pxname,svname,...").</summary>
public static class HaproxyStatCsv
{
    private static readonly string[] ResponseClasses = ["hrsp_1xx", "hrsp_2xx", "hrsp_3xx", "hrsp_4xx", "hrsp_5xx", "hrsp_other"];

    public static IReadOnlyList<ServerCounters> Parse(string csv, string backend)
    {
        ArgumentNullException.ThrowIfNull(csv);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length == 0 || !lines[0].StartsWith('#'))
        {
            return [];
        }

        var columns = lines[0].TrimStart('#', ' ').Split(',').Select((name, i) => (name, i)).ToDictionary(c => c.name, c => c.i);
        var servers = new List<ServerCounters>();
        foreach (var fields in lines.Skip(1).Select(l => l.Split(',')))
        {
            var name = fields[columns["svname"]];
            if (fields[columns["pxname"]] != backend || name is "BACKEND" or "FRONTEND")
            {
                continue;
            }

            long Number(string column) => long.TryParse(fields[columns[column]], NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;
            var byClass = ResponseClasses.Sum(Number);
            servers.Add(new ServerCounters(name, fields[columns["status"]], (int)Number("weight"), Number("scur"), Number("hrsp_2xx"), Number("hrsp_5xx"), byClass));
        }

        return servers;
    }
}
