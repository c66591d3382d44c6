using Cake.Core.Packaging;

namespace Cake.Frosting;

/// <summary>Installs a tool before the run and makes it known to Cake's tool locator.</summary>
public interface IToolInstaller
{
    /// <summary>Installs <paramref name="tool"/> into the configured tools directory.</summary>
    void Install(PackageReference tool);
}
