using Cake.Core;
using Cake.Core.IO;
using Pipeline.Core.Processes;

namespace Pipeline.Core.Containers;

/// <summary>debootstrap as a typed Cake tool: a minimal Debian root file system from Debian's own mirror.</summary>
public sealed class DebootstrapTool(CakeToolHost host) : ExternalTool(host, "debootstrap", "debootstrap")
{
    public static ProcessArgumentBuilder BuildArguments(BaseImageRecipe recipe, string directory)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        var arguments = new ProcessArgumentBuilder().Append($"--variant={recipe.Variant}");
        if (recipe.Packages.Count > 0)
        {
            arguments.AppendSwitchQuoted("--include", "=", string.Join(',', recipe.Packages));
        }

        return arguments.AppendQuoted(recipe.Suite).AppendQuoted(directory).AppendQuoted(recipe.Mirror);
    }

    public void Bootstrap(BaseImageRecipe recipe, string directory, CancellationToken cancellationToken = default) =>
        Execute(BuildArguments(recipe, directory), $"debootstrap of Debian {recipe.Suite} into {directory}", cancellationToken);
}
