using Cake.Core.Diagnostics;
using Cake.Frosting;
using Pipeline.Build.Infrastructure;
using Pipeline.Core.Configuration;

namespace Pipeline.Build.Tasks;

[TaskName(nameof(ConfigList))]
[TaskDescription("Lists the environments, whether each validates, and the default; fails when one does not validate.")]
[UsesNoEnvironment]
public sealed class ConfigList : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var defaultName = context.DefaultEnvironment.Resolve(null);
        var invalid = new List<string>();
        foreach (var name in context.Catalog.Names())
        {
            var (_, errors) = EnvironmentLoader.TryParse(File.ReadAllText(context.Catalog.PathOf(name)), name, context.Catalog.PathOf(name));
            var marker = name == defaultName ? "*" : " ";
            if (errors.Count > 0)
            {
                invalid.Add(name);
            }

            var state = errors.Count == 0 ? "valid" : $"INVALID ({errors.Count} error(s); run ConfigValidate --env={name})";
            context.Log.Information("{0} {1,-12} {2}", marker, name, state);
        }

        context.Log.Information("* = default for runs without --env (set with ConfigUse)");
        if (invalid.Count > 0)
        {
            throw new ConfigurationException($"{invalid.Count} environment(s) do not validate: {string.Join(", ", invalid)}. ConfigValidate --env=<name> lists each fault.");
        }
    }
}
