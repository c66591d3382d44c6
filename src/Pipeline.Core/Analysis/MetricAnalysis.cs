namespace Pipeline.Core.Analysis;

/// <summary>
/// Evaluates every metric every <paramref name="interval"/> for a while, as Argo Rollouts' analysis runs do: a metric
/// fails the analysis once it has failed more than <paramref name="failureLimit"/> times, or had no data more than
/// <paramref name="inconclusiveLimit"/> times; a source that cannot be queried is a failed measurement.
/// </summary>
public sealed class MetricAnalysis(IMetricSource source, IReadOnlyList<AnalysisMetric> metrics, TimeSpan interval, int failureLimit, int inconclusiveLimit, TimeProvider? clock = null)
{
    private readonly TimeProvider time = clock ?? TimeProvider.System;

    public IReadOnlyList<AnalysisMetric> Metrics => metrics;

    public string SourceDescription => source.Description;

    /// <summary>
    /// Measures at once, then every interval until <paramref name="duration"/> has passed or <paramref name="stopEarly"/>
    /// is cancelled (a promote); the first verdict of Failed ends it at once.
    /// </summary>
    public async Task<AnalysisResult> RunAsync(TimeSpan duration, Action<string> say, CancellationToken stopEarly = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(say);
        var measurements = new List<Measurement>();
        var failures = metrics.ToDictionary(m => m.Name, _ => 0);
        var inconclusive = metrics.ToDictionary(m => m.Name, _ => 0);
        var end = time.GetUtcNow() + duration;
        while (true)
        {
            foreach (var metric in metrics)
            {
                var measurement = await MeasureAsync(metric, cancellationToken).ConfigureAwait(false);
                measurements.Add(measurement);
                say($"analysis: {measurement}");
                if (measurement.Verdict == Verdict.Failed && ++failures[metric.Name] > failureLimit)
                {
                    return new AnalysisResult(Verdict.Failed, measurements, $"{metric.Name} failed {failures[metric.Name]} time(s), more than failureLimit {failureLimit}: {measurement}");
                }

                if (measurement.Verdict == Verdict.Inconclusive && ++inconclusive[metric.Name] > inconclusiveLimit)
                {
                    return new AnalysisResult(Verdict.Failed, measurements, $"{metric.Name} had no data {inconclusive[metric.Name]} time(s), more than inconclusiveLimit {inconclusiveLimit}: {measurement}");
                }
            }

            var left = end - time.GetUtcNow();
            if (left <= TimeSpan.Zero || stopEarly.IsCancellationRequested)
            {
                return new AnalysisResult(Verdict.Passed, measurements, $"{metrics.Count} metric(s) measured {measurements.Count} time(s) in all: {string.Join(", ", metrics.Select(m => $"{m.Name} failed {failures[m.Name]}, no data {inconclusive[m.Name]}"))}");
            }

            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stopEarly, cancellationToken);
            try
            {
                await Task.Delay(left < interval ? left : interval, time, wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Promoted: measure once more, then pass if nothing failed.
            }
        }
    }

    private async Task<Measurement> MeasureAsync(AnalysisMetric metric, CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow();
        try
        {
            var value = await source.QueryAsync(metric.Query, cancellationToken).ConfigureAwait(false);
            var verdict = value is not { } v ? Verdict.Inconclusive : metric.Condition.IsMetBy(v) ? Verdict.Passed : Verdict.Failed;
            return new Measurement(at, metric.Name, metric.Query, value, metric.Condition.ToString(), verdict);
        }
        catch (MetricQueryException ex)
        {
            return new Measurement(at, metric.Name, metric.Query, null, metric.Condition.ToString(), Verdict.Failed, ex.Message);
        }
    }
}
