using Cake.Core.Diagnostics;
using Cake.Frosting;
using Pipeline.Build.Infrastructure;
using Pipeline.Core.Configuration;

namespace Pipeline.Build.Tasks;

[TaskName(nameof(ConfigSchema))]
[TaskDescription("Regenerates config/environments/environment.schema.json from the typed model.")]
[UsesNoEnvironment]
public sealed class ConfigSchema : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        AtomicFile.WriteAllText(context.Paths.EnvironmentSchema, EnvironmentSchema.Render());
        context.Log.Information("Wrote {0}", context.Paths.EnvironmentSchema);
    }
}
