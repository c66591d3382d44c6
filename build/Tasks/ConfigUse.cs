using Cake.Core.Diagnostics;
using Cake.Frosting;
using Pipeline.Build.Infrastructure;
using Pipeline.Core.Configuration;

namespace Pipeline.Build.Tasks;

[TaskName(nameof(ConfigUse))]
[TaskDescription("Sets the default environment for later runs (--env=<name>); --env on a later run still wins.")]
public sealed class ConfigUse : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var name = context.RequireArgument(ArgumentNames.Environment, "the environment to use by default, e.g. --env=staging");
        new EnvironmentLoader(context.Catalog).Load(name);
        var previous = context.DefaultEnvironment.Resolve(null);
        context.DefaultEnvironment.Write(name);
        context.Log.Information("Default environment: {0} (was {1}); written to {2}", name, previous, context.DefaultEnvironment.File);
    }
}
