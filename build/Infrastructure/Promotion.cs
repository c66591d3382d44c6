using Cake.Core.Diagnostics;
using Pipeline.Core.Artifacts;
using Pipeline.Core.Configuration;
using Pipeline.Core.Deployment;

namespace Pipeline.Build.Infrastructure;

/// <summary>Enforces deployment.promoteFrom: only bytes that succeeded in the environment promoted from may deploy here.</summary>
internal sealed class Promotion(BuildContext context)
{
    public void Check(ArtifactLayout artifact)
    {
        if (context.Settings.Deployment.PromoteFrom is not { } source)
        {
            return;
        }

        var digest = FileDigest.Sha256(artifact.ArchivePath);
        var sourceSettings = new EnvironmentLoader(context.Catalog).Load(source);
        var history = new DeploymentHistory(Deployments.CreateStore(sourceSettings.Deployment.StateStore, context.Paths.Root));
        new PromotionCheck(history).Require(source, context.EnvironmentName, artifact.Version, digest);
        context.Log.Information("Promotion: {0} (sha256 {1}) succeeded in {2}; it may deploy to {3}.", artifact.Version, digest, source, context.EnvironmentName);
    }
}
