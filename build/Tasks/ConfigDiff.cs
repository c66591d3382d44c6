using Cake.Core.Diagnostics;
using Cake.Frosting;
using Pipeline.Build.Infrastructure;
using Pipeline.Core.Configuration;

namespace Pipeline.Build.Tasks;

[TaskName(nameof(ConfigDiff))]
[ReadsArguments(ArgumentNames.Against)]
[TaskDescription("Compares two environments key by key: --env=A --against=B (+ only in B, - only in A, ~ changed).")]
public sealed class ConfigDiff : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var against = context.RequireArgument(ArgumentNames.Against, "the environment to compare with, e.g. --against=production");
        var left = context.Settings;
        var right = new EnvironmentLoader(context.Catalog).Load(against);
        var differences = Core.Configuration.ConfigDiff.Compare(left, right);
        context.Log.Information("{0} -> {1}: {2} difference(s)", left.Name, right.Name, differences.Count);
        foreach (var difference in differences)
        {
            context.Log.Information("  {0}", difference);
        }
    }
}
