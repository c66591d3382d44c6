using Cake.Core.Diagnostics;
using Cake.Frosting;
using Pipeline.Core.Configuration;

namespace Pipeline.Build.Tasks;

[TaskName(nameof(ConfigShow))]
[TaskDescription("Shows the environment's resolved configuration, defaults filled in, secrets masked.")]
public sealed class ConfigShow : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        context.Log.Information("{0} ({1})", context.EnvironmentName, context.Catalog.PathOf(context.EnvironmentName));
        foreach (var line in ResolvedSettingsView.Lines(context.Settings, context.Secrets))
        {
            context.Log.Information("  {0}", line);
        }
    }
}
