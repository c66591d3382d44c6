using Pipeline.Core.Configuration.Model;
using Pipeline.Core.Targets;

namespace Pipeline.Core.Deployment;

/// <summary>What a plan needs to know of an environment: its targets, strategy and retention; no database, no secrets.</summary>
public sealed record DeployScope(string Name, IReadOnlyList<IDeployTarget> Targets, RetentionSettings Retention, StrategySettings Strategy)
{
    public string StrategyName => Configuration.EnumNames.Of(Strategy.Kind);
}
