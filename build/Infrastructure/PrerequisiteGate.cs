using Cake.Core;
using Pipeline.Core.Quality;

namespace Pipeline.Build.Infrastructure;

/// <summary>
/// Refuses a run whose targets need a tool this machine lacks, naming each one and the command that installs them,
/// as the first task is set up: before Lint's minutes, and never in a dry run.
/// </summary>
internal static class PrerequisiteGate
{
    public static void Require(BuildContext context, ToolLookup tools)
    {
        var missing = Prerequisites.Missing(context.PlannedTasks, context.HasFlag(ArgumentNames.Fast), tools, context.Paths.Root);
        if (missing.Count > 0)
        {
            throw new CakeException(Prerequisites.Describe(missing, context.Paths.Root));
        }
    }
}
