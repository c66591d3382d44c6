using Pipeline.Core.Analysis;
using Pipeline.Core.Configuration.Model;
using Pipeline.Core.Routing;
using Pipeline.Core.Targets;

namespace Pipeline.Core.Deployment;

/// <summary>
/// The canary strategy's traffic and gate, around the cut-over of its first batch: the canary servers are held at
/// weight 0 while they switch, then given each step's share of requests at the router while the analysis watches
/// for the step's pause; a failed analysis takes their share back to 0 at once. At the end every server gets its
/// weight from before the deploy back.
/// </summary>
public sealed class CanaryRollout(TargetRouting routing, StrategySettings strategy, IReadOnlyList<IDeployTarget> targets, HttpClient http)
{
    private readonly List<string> canary = targets.Take(strategy.CanaryTargets ?? 1).Select(t => t.Name).ToList();
    private readonly List<string> stable = targets.Skip(strategy.CanaryTargets ?? 1).Select(t => t.Name).ToList();
    private Dictionary<string, int>? weightsBefore;

    public IReadOnlyList<string> CanaryTargets => canary;

    /// <summary>The steps and gates in words, as --dryrun prints them.</summary>
    public static string Describe(StrategySettings strategy, string? router)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        var steps = string.Join(", ", (strategy.Steps ?? []).Select(s => $"{s.Weight} % for {s.Pause}"));
        var analysis = strategy.Analysis ?? new AnalysisSettings();
        var gates = analysis.Prometheus is { } prometheus
            ? $"every {analysis.Interval} on Prometheus at {prometheus.Url}: {string.Join("; ", analysis.Metrics.Select(m => $"{m.Name}: {m.Query} {m.SuccessCondition}"))}"
            : $"every {analysis.Interval} on the canary servers' share of 5xx at {router} {analysis.FallbackCondition}";
        return $"give the canary targets {steps} of the requests at {router}, measuring {gates} (failureLimit {analysis.FailureLimit}, inconclusiveLimit {analysis.InconclusiveLimit}); a failed analysis sets their weight to 0, puts them back on the live version and fails the deploy";
    }

    /// <summary>Before the canary batch switches: its servers get no requests once admitted, until the first step.</summary>
    public async Task HoldBackAsync(Action<string> say, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(say);
        var counters = await routing.Router.ReadCountersAsync(cancellationToken).ConfigureAwait(false);
        weightsBefore = targets.ToDictionary(t => t.Name, t => counters.FirstOrDefault(c => c.Server == routing.ServerOf(t.Name))?.Weight ?? 1);
        foreach (var name in canary)
        {
            await routing.Router.SetWeightAsync(routing.ServerOf(name), 0, cancellationToken).ConfigureAwait(false);
        }

        say($"canary {string.Join(", ", canary)} held at weight 0 at {routing.Description} until the first step");
    }

    /// <summary>Runs every step; stops at the first failed analysis with the canary's weight back at 0.</summary>
    /// <param name="liveVersion">The stable version, for the Prometheus targets' labels.</param>
    /// <param name="version">The canary's version.</param>
    /// <param name="say">Where progress goes.</param>
    /// <param name="abortedBy">Who aborted, once <paramref name="abort"/> is cancelled.</param>
    /// <param name="promote">Cancelled when a person promotes: the remaining pauses are skipped, every step still measured once.</param>
    /// <param name="abort">Cancelled when a person aborts: the canary goes back to weight 0 and the result is Failed, naming <paramref name="abortedBy"/>.</param>
    /// <param name="cancellationToken">Stops the measurements.</param>
    public async Task<AnalysisResult> RunStepsAsync(string liveVersion, string version, Action<string> say, Func<string> abortedBy, CancellationToken promote, CancellationToken abort, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(abortedBy);
        using var stopEarly = CancellationTokenSource.CreateLinkedTokenSource(promote, abort);
        ArgumentNullException.ThrowIfNull(say);
        var settings = strategy.Analysis ?? new AnalysisSettings();
        var (source, metrics) = Gates(settings, liveVersion, version);
        var analysis = new MetricAnalysis(source, metrics, DurationText.Parse(settings.Interval), settings.FailureLimit, settings.InconclusiveLimit);
        var measurements = new List<Measurement>();
        var steps = strategy.Steps ?? [];
        for (var i = 0; i < steps.Count; i++)
        {
            var (canaryWeight, stableWeight) = CanaryWeights.For(steps[i].Weight, canary.Count, stable.Count);
            await SetWeightsAsync(canaryWeight, stableWeight, cancellationToken).ConfigureAwait(false);
            if (source is BalancerErrorRate counters)
            {
                await counters.MarkAsync(cancellationToken).ConfigureAwait(false);
            }

            say($"canary step {i + 1}/{steps.Count}: {steps[i].Weight} % of requests to {string.Join(", ", canary)} (weights: canary {canaryWeight}, stable {stableWeight}), watched for {steps[i].Pause}{(promote.IsCancellationRequested ? " (promoted: no pause)" : string.Empty)}");
            var result = await analysis.RunAsync(promote.IsCancellationRequested ? TimeSpan.Zero : DurationText.Parse(steps[i].Pause), say, stopEarly.Token, cancellationToken).ConfigureAwait(false);
            measurements.AddRange(result.Measurements);
            if (abort.IsCancellationRequested && result.Verdict != Verdict.Failed)
            {
                await SetWeightsAsync(0, 1, cancellationToken).ConfigureAwait(false);
                say($"canary aborted by {abortedBy()} at step {i + 1}/{steps.Count} ({steps[i].Weight} %); {string.Join(", ", canary)} set to weight 0 at {routing.Description}");
                return new AnalysisResult(Verdict.Failed, measurements, $"the canary was aborted by {abortedBy()} (Deploy --abort) at step {i + 1}/{steps.Count} ({steps[i].Weight} % of requests)");
            }

            if (result.Verdict == Verdict.Failed)
            {
                await SetWeightsAsync(0, 1, cancellationToken).ConfigureAwait(false);
                say($"canary analysis failed at step {i + 1}/{steps.Count} ({steps[i].Weight} %): {result.Summary}; {string.Join(", ", canary)} set to weight 0 at {routing.Description}");
                return result with { Measurements = measurements, Summary = $"the canary analysis failed at step {i + 1}/{steps.Count} ({steps[i].Weight} % of requests): {result.Summary}" };
            }
        }

        return new AnalysisResult(Verdict.Passed, measurements, $"the canary passed {steps.Count} step(s), {measurements.Count} measurement(s)");
    }

    /// <summary>Every server back at its weight from before the deploy.</summary>
    public async Task RestoreWeightsAsync(Action<string> say, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(say);
        if (weightsBefore is null)
        {
            return;
        }

        foreach (var (name, weight) in weightsBefore)
        {
            await routing.Router.SetWeightAsync(routing.ServerOf(name), weight, cancellationToken).ConfigureAwait(false);
        }

        say($"every server back at its weight from before the deploy at {routing.Description} ({string.Join(", ", weightsBefore.Select(w => $"{w.Key} {w.Value}"))})");
    }

    /// <summary>
    /// Once the canary is over (promoted or rolled back), every target is written to Prometheus's targets file as stable
    /// with the version it serves, so no series keeps calling a host the canary; nothing without Prometheus.
    /// </summary>
    public void LabelAllStable(string liveVersion, Action<string> say)
    {
        ArgumentNullException.ThrowIfNull(say);
        if (strategy.Analysis?.Prometheus is not { } prometheus)
        {
            return;
        }

        PrometheusTargets.Write(prometheus.TargetsFile, targets.Select(t => (t.Name, t.Url, "stable", liveVersion)));
        say($"Prometheus's targets file {prometheus.TargetsFile}: every target stable with {liveVersion}");
    }

    private async Task SetWeightsAsync(int canaryWeight, int stableWeight, CancellationToken cancellationToken)
    {
        foreach (var name in canary)
        {
            await routing.Router.SetWeightAsync(routing.ServerOf(name), canaryWeight, cancellationToken).ConfigureAwait(false);
        }

        foreach (var name in stable)
        {
            await routing.Router.SetWeightAsync(routing.ServerOf(name), stableWeight, cancellationToken).ConfigureAwait(false);
        }
    }

    private (IMetricSource Source, IReadOnlyList<AnalysisMetric> Metrics) Gates(AnalysisSettings settings, string liveVersion, string version)
    {
        if (settings.Prometheus is not { } prometheus)
        {
            var fallback = new AnalysisMetric("balancer-5xx", BalancerErrorRate.QueryFor(canary.Select(routing.ServerOf)), SuccessCondition.Parse(settings.FallbackCondition, "$.deployment.strategy.analysis.fallbackCondition"));
            return (new BalancerErrorRate(routing.Router), [fallback]);
        }

        PrometheusTargets.Write(prometheus.TargetsFile, targets.Select(t => canary.Contains(t.Name) ? (t.Name, t.Url, "canary", version) : (t.Name, t.Url, "stable", liveVersion)));
        var metrics = settings.Metrics.Select((m, i) => new AnalysisMetric(m.Name, m.Query, SuccessCondition.Parse(m.SuccessCondition, $"$.deployment.strategy.analysis.metrics[{i}].successCondition"))).ToList();
        return (new PrometheusSource(new Uri(prometheus.Url), http), metrics);
    }
}
