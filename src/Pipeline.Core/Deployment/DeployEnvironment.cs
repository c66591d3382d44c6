using Pipeline.Core.Configuration.Model;
using Pipeline.Core.Databases;
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

    public DeployScope Scope => new(Name, Targets, Retention, Strategy);

    public string StrategyName => Scope.StrategyName;
}
