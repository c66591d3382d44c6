using Cake.Core.Diagnostics;
using Cake.Frosting;
using Pipeline.Core.Configuration;

namespace Pipeline.Build.Tasks;

[TaskName(nameof(ConfigGenerate))]
[TaskDescription("Writes the app's runtime settings for the environment to artifacts/config/<env>/appsettings.json.")]
[IsDependentOn(typeof(ConfigValidate))]
public sealed class ConfigGenerate : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var path = RuntimeSettingsWriter.Write(context.Settings, context.Paths.GeneratedConfig(context.EnvironmentName));
        context.Log.Information("Runtime settings for {0}: {1}", context.EnvironmentName, path);
    }
}
