using Pipeline.Core.Configuration.Model;
using Pipeline.Core.Targets;

namespace Pipeline.Core.Deployment.Planning;

/// <summary>How a strategy groups the application targets into cut-over batches, each healthy before the next.</summary>
public static class CutOverBatches
{
    public static IReadOnlyList<IReadOnlyList<IDeployTarget>> Of(StrategySettings strategy, IReadOnlyList<IDeployTarget> targets) => strategy.Kind switch
    {
        StrategyKind.AllAtOnce => targets.Count == 0 ? [] : [targets],
        StrategyKind.Rolling => targets.Chunk(Math.Max(1, strategy.RollingBatchSize)).Select(IReadOnlyList<IDeployTarget> (batch) => batch).ToList(),
        StrategyKind.Canary => targets.Count == 0 ? [] : [targets.Take(strategy.CanaryTargets ?? 1).ToList(), .. targets.Skip(strategy.CanaryTargets ?? 1).Select(IReadOnlyList<IDeployTarget> (t) => [t])],
        // Only a restart after a configuration rollback with no colours recorded yet gets here: every target at once.
        StrategyKind.BlueGreen => targets.Count == 0 ? [] : [targets],
        _ => throw new NotSupportedException($"strategy {strategy.Kind}"),
    };
}
