using Cake.Core.Composition;
using Cake.Core.IO;
using Cake.Core.Packaging;

namespace Cake.Frosting;

/// <summary>Configures a <see cref="CakeHost"/>; each member registers what its <see cref="ServiceCollectionExtensions"/> namesake does.</summary>
public static class CakeHostExtensions
{
    /// <summary>Configures the services with a new <typeparamref name="TStartup"/>.</summary>
    public static CakeHost UseStartup<TStartup>(this CakeHost host)
        where TStartup : IFrostingStartup, new()
    {
        ArgumentNullException.ThrowIfNull(host);
        return host.ConfigureServices(services => new TStartup().Configure(services));
    }

    /// <inheritdoc cref="ServiceCollectionExtensions.UseContext{TContext}"/>
    public static CakeHost UseContext<TContext>(this CakeHost host)
        where TContext : class, IFrostingContext =>
        host.ConfigureServices(services => services.UseContext<TContext>());

    /// <inheritdoc cref="ServiceCollectionExtensions.UseLifetime{TLifetime}"/>
    public static CakeHost UseLifetime<TLifetime>(this CakeHost host)
        where TLifetime : class, IFrostingLifetime =>
        host.ConfigureServices(services => services.UseLifetime<TLifetime>());

    /// <inheritdoc cref="ServiceCollectionExtensions.UseSetup{TSetup}"/>
    public static CakeHost UseSetup<TSetup>(this CakeHost host)
        where TSetup : class, IFrostingSetup =>
        host.ConfigureServices(services => services.UseSetup<TSetup>());

    /// <inheritdoc cref="ServiceCollectionExtensions.UseTeardown{TTeardown}"/>
    public static CakeHost UseTeardown<TTeardown>(this CakeHost host)
        where TTeardown : class, IFrostingTeardown =>
        host.ConfigureServices(services => services.UseTeardown<TTeardown>());

    /// <inheritdoc cref="ServiceCollectionExtensions.UseTaskLifetime{TLifetime}"/>
    public static CakeHost UseTaskLifetime<TLifetime>(this CakeHost host)
        where TLifetime : class, IFrostingTaskLifetime =>
        host.ConfigureServices(services => services.UseTaskLifetime<TLifetime>());

    /// <inheritdoc cref="ServiceCollectionExtensions.UseTaskSetup{TSetup}"/>
    public static CakeHost UseTaskSetup<TSetup>(this CakeHost host)
        where TSetup : class, IFrostingTaskSetup =>
        host.ConfigureServices(services => services.UseTaskSetup<TSetup>());

    /// <inheritdoc cref="ServiceCollectionExtensions.UseTaskTeardown{TTeardown}"/>
    public static CakeHost UseTaskTeardown<TTeardown>(this CakeHost host)
        where TTeardown : class, IFrostingTaskTeardown =>
        host.ConfigureServices(services => services.UseTaskTeardown<TTeardown>());

    /// <inheritdoc cref="ServiceCollectionExtensions.UseModule{TModule}"/>
    public static CakeHost UseModule<TModule>(this CakeHost host)
        where TModule : ICakeModule, new() =>
        host.ConfigureServices(services => services.UseModule<TModule>());

    /// <inheritdoc cref="ServiceCollectionExtensions.UsePackageInstaller{TPackageInstaller}"/>
    public static CakeHost UsePackageInstaller<TPackageInstaller>(this CakeHost host)
        where TPackageInstaller : class, IPackageInstaller =>
        host.ConfigureServices(services => services.UsePackageInstaller<TPackageInstaller>());

    /// <inheritdoc cref="ServiceCollectionExtensions.UseTool"/>
    public static CakeHost InstallTool(this CakeHost host, Uri uri) =>
        host.ConfigureServices(services => services.UseTool(uri));

    /// <inheritdoc cref="ServiceCollectionExtensions.UseWorkingDirectory"/>
    public static CakeHost UseWorkingDirectory(this CakeHost host, DirectoryPath path) =>
        host.ConfigureServices(services => services.UseWorkingDirectory(path));

    /// <inheritdoc cref="ServiceCollectionExtensions.UseCakeSetting"/>
    public static CakeHost UseCakeSetting(this CakeHost host, string key, string value) =>
        host.ConfigureServices(services => services.UseCakeSetting(key, value));

    /// <inheritdoc cref="ServiceCollectionExtensions.UseToolPath"/>
    public static CakeHost SetToolPath(this CakeHost host, DirectoryPath path) =>
        host.ConfigureServices(services => services.UseToolPath(path));
}
