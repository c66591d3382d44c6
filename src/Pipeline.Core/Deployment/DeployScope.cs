using Pipeline.Core.Configuration.Model;
using Pipeline.Core.Targets;

namespace Pipeline.Core.Deployment;

/// <summary>What a plan needs to know of an environment: its targets, strategy and retention; no database, no secrets.</summary>
public sealed record DeployScope(string Name, IReadOnlyList<IDeployTarget> Targets, RetentionSettings Retention, StrategySettings Strategy)
{
    /// <summary>The load balancer in front of the targets, for the plan's words; null when there is none.</summary>
    public string? Router { get; init; }

    /// <summary>Blue/green: which colour serves and which gets the next version; null for the other strategies.</summary>
    public BlueGreenColours? Colours { get; init; }

    /// <summary>Whether each cut-over batch is taken out of the balancer before its restart (rolling, behind a router).</summary>
    public bool DrainsTargets => Router is not null && Strategy.Kind is StrategyKind.Rolling or StrategyKind.Canary;

    public string StrategyName => Configuration.EnumNames.Of(Strategy.Kind);
}
