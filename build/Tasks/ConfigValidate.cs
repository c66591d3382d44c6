using Cake.Core.Diagnostics;
using Cake.Frosting;
using Pipeline.Core.Ci;
using Pipeline.Core.Configuration;

namespace Pipeline.Build.Tasks;

[TaskName(nameof(ConfigValidate))]
[TaskDescription("Validates the environment's configuration; every fault with file, JSON path, found and expected.")]
public sealed class ConfigValidate : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        try
        {
            var settings = context.Settings;
            context.Log.Information(
                "{0}: valid ({1} services, {2} deployment targets, database {3})",
                context.Catalog.PathOf(settings.Name),
                settings.Services.Count,
                settings.Deployment.Targets.Count,
                settings.Database.Engine);
        }
        catch (ConfigurationException ex)
        {
            ConfigAnnotations.Write(GitHubActions.Current, ex.Errors, context.Paths.Root);
            throw;
        }
    }
}
