using Pipeline.Core.Configuration;

namespace Pipeline.Core.Deployment;

/// <summary>
/// An environment that promotes from another deploys only an artifact whose sha256 has a successful deploy in that
/// environment's history: the bytes that passed there are the bytes that run here.
/// </summary>
public sealed class PromotionCheck(DeploymentHistory source)
{
    public void Require(string sourceEnvironment, string environment, string version, string sha256)
    {
        var passed = source.All().Any(r => r.Status == DeploymentStatus.Succeeded && r.ArtifactSha256 == sha256);
        if (!passed)
        {
            throw new ConfigurationException(
                $"{environment} promotes from {sourceEnvironment} (deployment.promoteFrom), and version {version} (artifact sha256 {sha256}) has no successful deploy recorded there. Deploy it to {sourceEnvironment} first (./build.sh --target=Deploy --env={sourceEnvironment} --app-version={version}), then promote it. Nothing was changed.");
        }
    }
}
