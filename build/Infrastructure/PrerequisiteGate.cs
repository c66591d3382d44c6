using Cake.Core;
using Pipeline.Core.Quality;

namespace Pipeline.Build.Infrastructure;

/// <summary>
/// Refuses a run whose targets need a tool this machine lacks, naming each one and the command that installs them,
/// as the first task is set up: before Lint's minutes, and never in a dry run.
/// </summary>
internal static class PrerequisiteGate
{
    /// <summary>Throws, naming every missing prerequisite, when the tasks that will run need one this machine lacks.</summary>
    /// <param name="context">The run.</param>
    /// <param name="tools">Where programs are looked for.</param>
    /// <param name="firstTask">The first task set up. Cake's plan lists a target's dependencies even under --exclusive,
    /// where only the target runs; the tasks that run are those from the first one set up on.</param>
    public static void Require(BuildContext context, ToolLookup tools, string firstTask)
    {
        var running = context.PlannedTasks.SkipWhile(t => !string.Equals(t, firstTask, StringComparison.OrdinalIgnoreCase));
        var missing = Prerequisites.Missing(running, context.HasFlag(ArgumentNames.Fast), tools, context.Paths.Root);
        if (missing.Count > 0)
        {
            throw new CakeException(Prerequisites.Describe(missing, context.Paths.Root));
        }
    }
}
