namespace Pipeline.Core.Analysis;

public enum Verdict
{
    Passed,
    Failed,
    Inconclusive,
}

/// <summary>One evaluation of one metric, as the deploy record and the notification keep it.</summary>
public sealed record Measurement(DateTimeOffset At, string Metric, string Query, double? Value, string Condition, Verdict Verdict, string? Detail = null)
{
    public override string ToString() =>
        $"{Metric}: {Query} = {(Value is { } v ? v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture) : "no data")}, wants {Condition}: {Verdict.ToString().ToLowerInvariant()}{(Detail is null ? string.Empty : $" ({Detail})")}";
}

/// <summary>What an analysis concluded, with every measurement it took.</summary>
public sealed record AnalysisResult(Verdict Verdict, IReadOnlyList<Measurement> Measurements, string Summary);
