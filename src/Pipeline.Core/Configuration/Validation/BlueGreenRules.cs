using Pipeline.Core.Analysis;
using Pipeline.Core.Configuration.Model;

namespace Pipeline.Core.Configuration.Validation;

/// <summary>Blue/green needs a router and two colours of application targets, as many in each, every target in exactly one.</summary>
public static class BlueGreenRules
{
    private const string Path = "$.deployment.strategy";

    public static void Check(DeploymentSettings deployment, Action<string, string, string> fail)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        ArgumentNullException.ThrowIfNull(fail);
        var strategy = deployment.Strategy;
        if (strategy.Kind != StrategyKind.BlueGreen)
        {
            if (strategy.Blue is not null || strategy.Green is not null || strategy.KeepPreviousFor is not null)
            {
                fail(Path, $"blue, green or keepPreviousFor with kind \"{EnumNames.Of(strategy.Kind)}\"", "kind \"blueGreen\" when each host has two slots");
            }

            return;
        }

        if (deployment.Router is null)
        {
            fail($"{Path}.kind", "\"blueGreen\" without a router", "a deployment.router: traffic moves from one colour to the other at the load balancer");
        }

        if (strategy.KeepPreviousFor is { } keep && !DurationText.TryParse(keep, out _))
        {
            fail($"{Path}.keepPreviousFor", $"\"{keep}\"", "a duration: a number and ms, s, m or h, e.g. \"15m\"");
        }

        var application = deployment.Targets.Where(t => t.Kind is TargetKind.Local or TargetKind.Ssh).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var blue = strategy.Blue ?? [];
        var green = strategy.Green ?? [];
        CheckColour("blue", blue, application, fail);
        CheckColour("green", green, application, fail);
        if (blue.Intersect(green, StringComparer.Ordinal).ToList() is { Count: > 0 } both)
        {
            fail($"{Path}.green", $"{string.Join(", ", both)}, also in blue", "each target in one colour only");
        }

        if (blue.Count != green.Count)
        {
            fail($"{Path}.green", $"{green.Count} target(s) for blue's {blue.Count}", "as many green targets as blue ones: every host has one slot of each");
        }

        if (application.Except(blue.Concat(green), StringComparer.Ordinal).ToList() is { Count: > 0 } missing)
        {
            fail(Path, $"{string.Join(", ", missing)} in neither blue nor green", "every application target in one colour");
        }
    }

    private static void CheckColour(string colour, IReadOnlyList<string> names, HashSet<string> application, Action<string, string, string> fail)
    {
        if (names.Count == 0)
        {
            fail($"{Path}.{colour}", "nothing", $"the names of the {colour} slots' application targets, e.g. [\"app-1-{colour}\", \"app-2-{colour}\"]");
        }

        for (var i = 0; i < names.Count; i++)
        {
            if (!application.Contains(names[i]))
            {
                fail($"{Path}.{colour}[{i}]", $"\"{names[i]}\"", "the name of a local or ssh target under deployment.targets");
            }
        }
    }
}
