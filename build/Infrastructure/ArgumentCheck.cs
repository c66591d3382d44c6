using System.Reflection;
using Cake.Core;
using Cake.Frosting;
using Cake.Frosting.Internal;
using Pipeline.Core.Configuration;

namespace Pipeline.Build.Infrastructure;

/// <summary>
/// Refuses arguments no task of the run reads, naming the closest known one (--compnent → --component), and an --env
/// given without a value: silently ignoring either once rolled back the wrong component or ran on development.
/// </summary>
internal static class ArgumentCheck
{
    // Read by the host or by every run, whatever its targets.
    private static readonly string[] Global = ["target", ArgumentNames.Environment];

    public static void Verify(ICakeArguments arguments, IEnumerable<IFrostingTask> tasks, IReadOnlyCollection<string> planned)
    {
        var given = arguments.GetArguments();
        if (given.TryGetValue(ArgumentNames.Environment, out var env) && env.All(v => string.IsNullOrWhiteSpace(v) || v == "true"))
        {
            throw new ConfigurationException("--env: no value; expected an environment's name, e.g. --env=staging (ConfigList lists them).");
        }

        var readers = Readers(tasks);
        var plannedSet = planned.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var known = Global.Concat(readers.Select(g => g.Key)).ToList();
        foreach (var name in given.Keys.Where(n => !Global.Contains(n, StringComparer.OrdinalIgnoreCase) && !IsCakeSetting(n)))
        {
            if (!readers.Contains(name))
            {
                var closest = known.MinBy(k => EditDistance.Between(k, name.ToLowerInvariant()))!;
                throw new ConfigurationException($"--{name}: no target reads this argument; did you mean --{closest}? (./build.sh --description lists every target and the arguments it reads.)");
            }

            if (!readers[name].Any(plannedSet.Contains))
            {
                throw new ConfigurationException($"--{name}: read by {string.Join(", ", readers[name])}, not by any target of this run ({string.Join(", ", planned)}); it would be ignored.");
            }
        }
    }

    /// <summary>
    /// Refuses, as the first task is set up, an argument read only by tasks that will not run: Cake plans a target's
    /// dependencies even under --exclusive, where only the target runs, so the check above lets them through.
    /// </summary>
    /// <param name="arguments">The run's arguments.</param>
    /// <param name="tasks">Every registered task.</param>
    /// <param name="running">The tasks that will run, from the first one set up on.</param>
    public static void VerifyRunning(ICakeArguments arguments, IEnumerable<IFrostingTask> tasks, IReadOnlyCollection<string> running)
    {
        var readers = Readers(tasks);
        var runningSet = running.ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var name in arguments.GetArguments().Keys.Where(n => readers.Contains(n) && !Global.Contains(n, StringComparer.OrdinalIgnoreCase)))
        {
            if (!readers[name].Any(runningSet.Contains))
            {
                throw new ConfigurationException(
                    $"--{name}: read by {string.Join(", ", readers[name])}, which --exclusive leaves out of this run (it runs {string.Join(", ", running)}); it would be ignored. Drop --{name}, or run without --exclusive.");
            }
        }
    }

    private static ILookup<string, string> Readers(IEnumerable<IFrostingTask> tasks) =>
        tasks.SelectMany(t => (t.GetType().GetCustomAttribute<ReadsArgumentsAttribute>()?.Names ?? []).Select(name => (Name: name, Task: Name(t))))
            .ToLookup(r => r.Name, r => r.Task, StringComparer.OrdinalIgnoreCase);

    private static string Name(IFrostingTask task) => task.GetType().GetCustomAttribute<TaskNameAttribute>()?.Name ?? task.GetType().Name;

    // Cake's own settings given on the command line (--paths_tools=..., --settings_skipverification=...).
    private static bool IsCakeSetting(string name) => name.Contains('_', StringComparison.Ordinal);
}
