using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Frosting;

namespace Pipeline.Build;

/// <summary>Says where and for which environment the run happens before the first task.</summary>
public sealed class BuildLifetime : FrostingLifetime<BuildContext>
{
    public override void Setup(BuildContext context, ISetupContext info)
    {
        context.Log.Information("Environment: {0}   Repository: {1}", context.EnvironmentName, context.Paths.Root);
        context.Log.Verbose("Targets: {0}", string.Join(", ", info.TasksToExecute.Select(t => t.Name)));
    }

    public override void Teardown(BuildContext context, ITeardownContext info)
    {
        if (!info.Successful && info.ThrownException is { } exception)
        {
            context.Log.Verbose("The run failed: {0}", exception.Message);
        }
    }
}
