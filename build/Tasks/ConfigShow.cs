using Cake.Core.Diagnostics;
using Cake.Frosting;
using Pipeline.Build.Infrastructure;
using Pipeline.Core.Configuration;
using Pipeline.Core.State;

namespace Pipeline.Build.Tasks;

[TaskName(nameof(ConfigShow))]
[ReadsArguments(ArgumentNames.Output)]
[TaskDescription("Shows the environment's resolved configuration, defaults filled in, secrets masked (--output=json).")]
public sealed class ConfigShow : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var file = context.Catalog.PathOf(context.EnvironmentName);
        var entries = ResolvedSettingsView.Entries(context.Settings, context.Secrets);
        if (OutputFormat.IsJson(context))
        {
            OutputFormat.WriteJson(context, new { environment = context.EnvironmentName, file, settings = entries.ToDictionary() }, StateJson.Options);
            return;
        }

        context.Log.Information("{0} ({1})", context.EnvironmentName, file);
        foreach (var (path, value) in entries)
        {
            context.Log.Information("  {0} = {1}", path, value);
        }
    }
}
