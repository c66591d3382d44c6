using Pipeline.Core.Analysis;
using Pipeline.Core.Configuration.Model;

namespace Pipeline.Core.Configuration.Validation;

/// <summary>A canary needs a router, rising steps with pauses it can read, and gates it can evaluate.</summary>
public static class CanaryRules
{
    private const string Path = "$.deployment.strategy";

    public static void Check(DeploymentSettings deployment, Action<string, string, string> fail)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        ArgumentNullException.ThrowIfNull(fail);
        var strategy = deployment.Strategy;
        if (strategy.Kind != StrategyKind.Canary)
        {
            if (strategy.Steps is not null || strategy.Analysis is not null || strategy.CanaryTargets is not null)
            {
                fail(Path, $"steps, analysis or canaryTargets with kind \"{EnumNames.Of(strategy.Kind)}\"", "kind \"canary\" when traffic is moved in steps");
            }

            return;
        }

        if (deployment.Router is null)
        {
            fail($"{Path}.kind", "\"canary\" without a router", "a deployment.router: the canary's share of requests is set at the load balancer");
        }

        var application = deployment.Targets.Count(t => TargetKinds.IsApplication(t.Kind));
        if (strategy.CanaryTargets is { } count && (count < 1 || count >= application))
        {
            fail($"{Path}.canaryTargets", count.ToString(System.Globalization.CultureInfo.InvariantCulture), $"a number from 1 to {application - 1}: at least one of the {application} application targets stays stable");
        }

        CheckSteps(strategy.Steps ?? [], fail);
        CheckAnalysis(strategy.Analysis ?? new AnalysisSettings(), fail);
    }

    private static void CheckSteps(IReadOnlyList<CanaryStep> steps, Action<string, string, string> fail)
    {
        if (steps.Count == 0)
        {
            fail($"{Path}.steps", "nothing", "at least one step, e.g. [{ \"weight\": 5, \"pause\": \"60s\" }, { \"weight\": 100, \"pause\": \"0s\" }]");
        }

        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i].Weight is < 1 or > 100 || (i > 0 && steps[i].Weight <= steps[i - 1].Weight))
            {
                fail($"{Path}.steps[{i}].weight", steps[i].Weight.ToString(System.Globalization.CultureInfo.InvariantCulture), "a percentage from 1 to 100, above the step before");
            }

            if (!DurationText.TryParse(steps[i].Pause, out _))
            {
                fail($"{Path}.steps[{i}].pause", $"\"{steps[i].Pause}\"", "a duration: a number and ms, s, m or h, e.g. \"60s\"");
            }
        }
    }

    private static void CheckAnalysis(AnalysisSettings analysis, Action<string, string, string> fail)
    {
        if (!DurationText.TryParse(analysis.Interval, out var interval) || interval <= TimeSpan.Zero)
        {
            fail($"{Path}.analysis.interval", $"\"{analysis.Interval}\"", "a duration above 0, e.g. \"10s\"");
        }

        if (analysis.FailureLimit < 0)
        {
            fail($"{Path}.analysis.failureLimit", analysis.FailureLimit.ToString(System.Globalization.CultureInfo.InvariantCulture), "0 or more");
        }

        if (analysis.InconclusiveLimit < 0)
        {
            fail($"{Path}.analysis.inconclusiveLimit", analysis.InconclusiveLimit.ToString(System.Globalization.CultureInfo.InvariantCulture), "0 or more");
        }

        Condition(analysis.FallbackCondition, $"{Path}.analysis.fallbackCondition", fail);
        if (analysis.Prometheus is null && analysis.Metrics.Count > 0)
        {
            fail($"{Path}.analysis.metrics", $"{analysis.Metrics.Count} PromQL metric(s) without analysis.prometheus", "a prometheus (url, targetsFile) to query them on, or no metrics (the balancer's 5xx counters are the gate)");
        }

        if (analysis.Prometheus is { } prometheus)
        {
            if (!Uri.TryCreate(prometheus.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                fail($"{Path}.analysis.prometheus.url", $"\"{prometheus.Url}\"", "an http(s) URL, e.g. http://127.0.0.1:9090/");
            }

            if (analysis.Metrics.Count == 0)
            {
                fail($"{Path}.analysis.metrics", "nothing", "at least one metric (name, query, successCondition) to query on Prometheus");
            }
        }

        for (var i = 0; i < analysis.Metrics.Count; i++)
        {
            Condition(analysis.Metrics[i].SuccessCondition, $"{Path}.analysis.metrics[{i}].successCondition", fail);
        }
    }

    private static void Condition(string text, string path, Action<string, string, string> fail)
    {
        try
        {
            SuccessCondition.Parse(text, path);
        }
        catch (FormatException)
        {
            fail(path, $"\"{text}\"", "an operator (<, <=, >, >=, ==) and a number, e.g. \"< 0.01\"");
        }
    }
}
