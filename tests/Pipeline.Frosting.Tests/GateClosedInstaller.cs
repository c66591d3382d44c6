using Cake.Core;
using Cake.Core.IO;
using Cake.Core.Packaging;

namespace Pipeline.Frosting.Tests;

/// <summary>Refuses every <c>gate:</c> tool with a CakeException that carries its own exit code.</summary>
internal sealed class GateClosedInstaller : IPackageInstaller
{
    public bool CanInstall(PackageReference package, PackageType type) => package.Scheme == "gate";

    public IReadOnlyCollection<IFile> Install(PackageReference package, PackageType type, DirectoryPath path) =>
        throw new CakeException(42, "the tool gate is closed");
}
