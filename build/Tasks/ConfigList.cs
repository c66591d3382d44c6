using Cake.Core.Diagnostics;
using Cake.Frosting;
using Pipeline.Core.Configuration;

namespace Pipeline.Build.Tasks;

[TaskName(nameof(ConfigList))]
[TaskDescription("Lists the environments, whether each validates, and which is the default.")]
public sealed class ConfigList : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var defaultName = context.DefaultEnvironment.Resolve(null);
        foreach (var name in context.Catalog.Names())
        {
            var (_, errors) = EnvironmentLoader.TryParse(File.ReadAllText(context.Catalog.PathOf(name)), name, context.Catalog.PathOf(name));
            var marker = name == defaultName ? "*" : " ";
            var state = errors.Count == 0 ? "valid" : $"INVALID ({errors.Count} error(s); run ConfigValidate --env={name})";
            context.Log.Information("{0} {1,-12} {2}", marker, name, state);
        }

        context.Log.Information("* = default for runs without --env (set with ConfigUse)");
    }
}
