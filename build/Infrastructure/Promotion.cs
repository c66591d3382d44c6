using Cake.Core.Diagnostics;
using Pipeline.Core.Artifacts;
using Pipeline.Core.Configuration;
using Pipeline.Core.Deployment;

namespace Pipeline.Build.Infrastructure;

/// <summary>Enforces deployment.promoteFrom: only bytes that succeeded in the environment promoted from may deploy here.</summary>
internal sealed class Promotion(BuildContext context)
{
    public bool Applies => context.Settings.Deployment.PromoteFrom is not null;

    public void Check(ArtifactLayout artifact) => Check(artifact.Version, FileDigest.Sha256(artifact.ArchivePath));

    public void Check(string version, string digest)
    {
        if (context.Settings.Deployment.PromoteFrom is not { } source)
        {
            return;
        }

        var sourceSettings = new EnvironmentLoader(context.Catalog).Load(source);
        var history = new DeploymentHistory(Deployments.CreateStore(sourceSettings.Deployment.StateStore, context.Paths.Root));
        new PromotionCheck(history).Require(source, context.EnvironmentName, version, digest);
        context.Log.Information("Promotion: {0} (sha256 {1}) succeeded in {2}; it may deploy to {3}.", version, digest, source, context.EnvironmentName);
    }
}
