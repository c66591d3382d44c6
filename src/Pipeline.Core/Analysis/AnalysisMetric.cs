namespace Pipeline.Core.Analysis;

/// <summary>One named gate: a query, and the condition its value must meet.</summary>
public sealed record AnalysisMetric(string Name, string Query, SuccessCondition Condition);
