using System.Reflection;
using System.Text;
using Cake.Frosting;

namespace Pipeline.Build.Infrastructure;

/// <summary>
/// The text of --help: every target with its one-line description, grouped; every argument the targets read
/// (from their [ReadsArguments]) with the targets that read it; then the host's own options.
/// </summary>
public static class HelpPage
{
    /// <summary>Descriptions longer than this are cut at their first sentence; the README has the details.</summary>
    public const int DescriptionWidth = 110;

    public static string Render(IEnumerable<Type> taskTypes, IEnumerable<(string Names, string Description)> hostOptions)
    {
        var tasks = taskTypes
            .Select(t => (Name: t.GetCustomAttribute<TaskNameAttribute>()?.Name ?? t.Name,
                Description: t.GetCustomAttribute<TaskDescriptionAttribute>()?.Description ?? string.Empty,
                Reads: t.GetCustomAttribute<ReadsArgumentsAttribute>()?.Names ?? []))
            .ToList();
        var text = new StringBuilder();
        text.AppendLine("Usage: ./build.sh --target=<Target> [--env=<name>] [arguments] [options]");
        text.AppendLine();
        text.AppendLine("Targets:");
        var width = tasks.Max(t => t.Name.Length) + 2;
        var groups = TargetGroups.All.Select(g => g.Group).Distinct().ToList();
        foreach (var group in groups)
        {
            var members = tasks.Where(t => TargetGroups.Of(t.Name) == group)
                .OrderBy(t => TargetGroups.All.SelectMany(g => g.Targets).ToList().IndexOf(t.Name))
                .ToList();
            if (members.Count == 0)
            {
                continue;
            }

            text.AppendLine($"  {group}");
            foreach (var task in members)
            {
                text.AppendLine($"    {task.Name.PadRight(width)}{OneLine(task.Description)}");
            }
        }

        text.AppendLine();
        text.AppendLine("Arguments the targets read:");
        var readers = tasks.SelectMany(t => t.Reads.Select(name => (Name: name, Task: t.Name)))
            .GroupBy(r => r.Name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Select(r => r.Task).ToList(), StringComparer.OrdinalIgnoreCase);
        var arguments = new[] { ArgumentNames.Environment }.Concat(readers.Keys.Order(StringComparer.Ordinal)).ToList();
        var usageWidth = arguments.Max(a => ArgumentMeanings.UsageOf(a).Length) + 2;
        foreach (var name in arguments)
        {
            var who = readers.TryGetValue(name, out var names) ? string.Join(", ", names) : "every target";
            text.AppendLine($"  {ArgumentMeanings.UsageOf(name).PadRight(usageWidth)}{ArgumentMeanings.MeaningOf(name)} ({who})");
        }

        text.AppendLine();
        text.AppendLine("Options:");
        var options = hostOptions.ToList();
        var optionWidth = options.Max(o => o.Names.Length) + 2;
        foreach (var (names, description) in options)
        {
            text.AppendLine($"  {names.PadRight(optionWidth)}{description}");
        }

        text.AppendLine();
        text.AppendLine("./build.sh --description prints each target's description in full; README.md (Targets) has the details.");
        return text.ToString();
    }

    /// <summary>The description itself when short; else its first sentence, or clause, that fits.</summary>
    public static string OneLine(string description)
    {
        var line = description.ReplaceLineEndings(" ");
        if (line.Length <= DescriptionWidth)
        {
            return line;
        }

        foreach (var stop in new[] { ". ", "; " })
        {
            var at = line.IndexOf(stop, StringComparison.Ordinal);
            if (at > 0 && at < DescriptionWidth)
            {
                return line[..at] + (stop == ". " ? "." : " ...");
            }
        }

        return line[..(DescriptionWidth - 4)] + " ...";
    }
}
