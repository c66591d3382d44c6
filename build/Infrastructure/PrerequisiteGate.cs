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
    /// <param name="running">The tasks that will run (<see cref="BuildContext.RunningTasks"/>).</param>
    public static void Require(BuildContext context, ToolLookup tools, IReadOnlyCollection<string> running)
    {
        var missing = Prerequisites.Missing(running, context.HasFlag(ArgumentNames.Fast), tools, context.Paths.Root);
        if (missing.Count > 0)
        {
            throw new CakeException(Prerequisites.Describe(missing, context.Paths.Root));
        }
    }
}
