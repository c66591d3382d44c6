using Cake.Core;

namespace Cake.Frosting.Internal;

/// <summary>
/// Refuses a target no task is named for before anything runs, listing the closest task names
/// (--target=Deplyo → Deploy): Cake's engine would only say that the target was not found.
/// </summary>
internal static class TargetCheck
{
    private const int MaxSuggestions = 3;

    public static void Verify(IEnumerable<string> targets, IEnumerable<IFrostingTask> tasks)
    {
        var names = tasks.Select(t => t.GetType().GetTaskName()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        foreach (var target in targets)
        {
            if (!names.Contains(target, StringComparer.OrdinalIgnoreCase))
            {
                var closest = Closest(target, names);
                var hint = closest.Count > 0 ? $" Did you mean {string.Join(", ", closest)}?" : string.Empty;
                throw new CakeException($"The target '{target}' was not found.{hint} (--help lists every target.)");
            }
        }
    }

    /// <summary>
    /// The names nearest to <paramref name="given"/>: those starting with it, and those as near as the nearest (or one
    /// edit more), within a third of its length.
    /// </summary>
    public static IReadOnlyList<string> Closest(string given, IEnumerable<string> names)
    {
        var wanted = given.ToLowerInvariant();
        var scored = names.Select(name => (Name: name, Distance: EditDistance.Between(name.ToLowerInvariant(), wanted))).ToList();
        var limit = Math.Min(Math.Max(2, wanted.Length / 3), scored.Count == 0 ? 0 : scored.Min(c => c.Distance) + 1);
        return scored
            .Where(c => c.Distance <= limit || (wanted.Length >= 3 && c.Name.StartsWith(given, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(c => c.Distance)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .Take(MaxSuggestions)
            .Select(c => c.Name)
            .ToList();
    }
}
