using Pipeline.Core.Configuration.Model;
using Pipeline.Core.Databases;
using Pipeline.Core.Routing;
using Pipeline.Core.Targets;

namespace Pipeline.Core.Deployment;

/// <summary>Everything a deploy or rollback of one environment works on, composed from its validated configuration.</summary>
public sealed record DeployEnvironment(
    string Name,
    IReadOnlyList<IDeployTarget> Targets,
    IDeployedDatabase Database,
    ISiteComponent? Site,
    DeploymentLedger Ledger,
    RetentionSettings Retention,
    StrategySettings Strategy)
{
    public DeploymentHistory History => Ledger.History;

    /// <summary>The load balancer in front of the targets, when the environment has one.</summary>
    public TargetRouting? Routing { get; init; }

    public DeployScope Scope => new(Name, Targets, Retention, Strategy) { Router = Routing?.Description, Colours = BlueGreenColours.Of(Strategy, History) };

    public string StrategyName => Scope.StrategyName;
}
