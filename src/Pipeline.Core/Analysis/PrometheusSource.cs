using System.Globalization;
using System.Text.Json;

namespace Pipeline.Core.Analysis;

/// <summary>
/// Instant queries against Prometheus's HTTP API (<c>GET /api/v1/query</c>). A query must give one number: a scalar,
/// or a vector of one series; an empty vector is no data yet, several series are a query to fix (aggregate them).
/// </summary>
public sealed class PrometheusSource(Uri server, HttpClient http) : IMetricSource
{
    public string Description => $"Prometheus at {server}";

    public async Task<double?> QueryAsync(string query, CancellationToken cancellationToken = default)
    {
        var url = new Uri(server, $"api/v1/query?query={Uri.EscapeDataString(query)}");
        string body;
        try
        {
            using var response = await http.GetAsync(url, cancellationToken).ConfigureAwait(false);
            body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new MetricQueryException($"Prometheus at {server} is unreachable ({ex.Message}) for query \"{query}\".", ex);
        }

        using var document = Parse(body, query);
        var root = document.RootElement;
        if (root.GetProperty("status").GetString() != "success")
        {
            throw new MetricQueryException($"Prometheus at {server} refused query \"{query}\": {root.GetProperty("errorType").GetString()}: {root.GetProperty("error").GetString()}");
        }

        var data = root.GetProperty("data");
        var result = data.GetProperty("result");
        return data.GetProperty("resultType").GetString() switch
        {
            "scalar" => Number(result[1].GetString()),
            "vector" => result.GetArrayLength() switch
            {
                0 => null,
                1 => Number(result[0].GetProperty("value")[1].GetString()),
                var n => throw new MetricQueryException($"query \"{query}\" gave {n} series from Prometheus at {server}; a gate needs one number: aggregate it (sum, max, histogram_quantile over sum by (le)...)."),
            },
            var other => throw new MetricQueryException($"query \"{query}\" gave a {other} from Prometheus at {server}; a gate needs a scalar or a vector of one series."),
        };
    }

    // NaN (0/0: no requests in the window) is no data, not a pass or a failure.
    private static double? Number(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && !double.IsNaN(value) ? value : null;

    private JsonDocument Parse(string body, string query)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new MetricQueryException($"Prometheus at {server} answered query \"{query}\" with something that is not its JSON: \"{(body.Length > 200 ? body[..200] : body)}\".", ex);
        }
    }
}
