using Cake.Core;
using Cake.Core.Configuration;
using Cake.Core.Diagnostics;
using Cake.Core.Packaging;
using Cake.Core.Tooling;

namespace Cake.Frosting.Internal;

/// <summary>
/// Installs a tool with the first of Cake's package installers (NuGet, dotnet tool, or one added with
/// <see cref="ServiceCollectionExtensions.UsePackageInstaller{TPackageInstaller}"/>) that takes its scheme,
/// into the configured tools directory, and registers its files with Cake's tool locator.
/// </summary>
internal sealed class ToolInstaller(
    ICakeEnvironment environment,
    IToolLocator locator,
    ICakeConfiguration configuration,
    ICakeLog log,
    IEnumerable<IPackageInstaller> installers) : IToolInstaller
{
    /// <inheritdoc/>
    public void Install(PackageReference tool)
    {
        ArgumentNullException.ThrowIfNull(tool);
        var installer = installers.FirstOrDefault(i => i.CanInstall(tool, PackageType.Tool))
            ?? throw new FrostingException($"Could not find an installer for the '{tool.Scheme}' scheme.");

        var root = configuration.GetToolPath(".", environment);
        log.Debug("Installing tool '{0}'...", tool.Package);
        var files = installer.Install(tool, PackageType.Tool, root);
        if (files.Count == 0)
        {
            throw new FrostingException($"Failed to install tool '{tool.Package}'.");
        }

        foreach (var file in files)
        {
            locator.RegisterFile(file.Path);
        }
    }
}
