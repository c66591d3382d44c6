using Cake.Core.Composition;
using Cake.Core.IO;
using Cake.Core.Packaging;
using Cake.Frosting.Internal;
using Microsoft.Extensions.DependencyInjection;

namespace Cake.Frosting;

/// <summary>Configures a Frosting host through its <see cref="IServiceCollection"/>, as in a startup or <c>ConfigureServices</c>.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>Uses <typeparamref name="TContext"/> as the context every task receives; the last registration wins.</summary>
    public static IServiceCollection UseContext<TContext>(this IServiceCollection services)
        where TContext : class, IFrostingContext =>
        services.AddSingleton<IFrostingContext, TContext>();

    /// <summary>Uses <typeparamref name="TLifetime"/> as the setup and the teardown of the run; the last registration wins.</summary>
    public static IServiceCollection UseLifetime<TLifetime>(this IServiceCollection services)
        where TLifetime : class, IFrostingLifetime =>
        services
            .AddSingleton<IFrostingLifetime, TLifetime>()
            .AddSingleton<IFrostingSetup>(provider => provider.GetRequiredService<IFrostingLifetime>())
            .AddSingleton<IFrostingTeardown>(provider => provider.GetRequiredService<IFrostingLifetime>());

    /// <summary>Uses <typeparamref name="TSetup"/> as the setup of the run.</summary>
    public static IServiceCollection UseSetup<TSetup>(this IServiceCollection services)
        where TSetup : class, IFrostingSetup =>
        services.AddSingleton<IFrostingSetup, TSetup>();

    /// <summary>Uses <typeparamref name="TTeardown"/> as the teardown of the run.</summary>
    public static IServiceCollection UseTeardown<TTeardown>(this IServiceCollection services)
        where TTeardown : class, IFrostingTeardown =>
        services.AddSingleton<IFrostingTeardown, TTeardown>();

    /// <summary>Uses <typeparamref name="TLifetime"/> around every task; the last registration wins.</summary>
    public static IServiceCollection UseTaskLifetime<TLifetime>(this IServiceCollection services)
        where TLifetime : class, IFrostingTaskLifetime =>
        services
            .AddSingleton<IFrostingTaskLifetime, TLifetime>()
            .AddSingleton<IFrostingTaskSetup>(provider => provider.GetRequiredService<IFrostingTaskLifetime>())
            .AddSingleton<IFrostingTaskTeardown>(provider => provider.GetRequiredService<IFrostingTaskLifetime>());

    /// <summary>Uses <typeparamref name="TSetup"/> before every task.</summary>
    public static IServiceCollection UseTaskSetup<TSetup>(this IServiceCollection services)
        where TSetup : class, IFrostingTaskSetup =>
        services.AddSingleton<IFrostingTaskSetup, TSetup>();

    /// <summary>Uses <typeparamref name="TTeardown"/> after every task.</summary>
    public static IServiceCollection UseTaskTeardown<TTeardown>(this IServiceCollection services)
        where TTeardown : class, IFrostingTaskTeardown =>
        services.AddSingleton<IFrostingTaskTeardown, TTeardown>();

    /// <summary>Registers the services of the Cake module <typeparamref name="TModule"/>.</summary>
    public static IServiceCollection UseModule<TModule>(this IServiceCollection services)
        where TModule : ICakeModule, new() =>
        Cake.Cli.ServiceCollectionExtensions.UseModule(services, new TModule());

    /// <summary>Adds a package installer that tools can be installed with (for instance for a URI scheme of its own).</summary>
    public static IServiceCollection UsePackageInstaller<TPackageInstaller>(this IServiceCollection services)
        where TPackageInstaller : class, IPackageInstaller =>
        services.AddSingleton<IPackageInstaller, TPackageInstaller>();

    /// <summary>Installs the tool <paramref name="uri"/> names (for instance <c>nuget:?package=GitVersion.Tool&amp;version=6.0.0</c>) before the run.</summary>
    public static IServiceCollection UseTool(this IServiceCollection services, Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return services.AddSingleton(new PackageReference(uri.OriginalString));
    }

    /// <summary>The directory the run starts in; <c>--working</c> on the command line wins.</summary>
    public static IServiceCollection UseWorkingDirectory(this IServiceCollection services, DirectoryPath path) =>
        services.AddSingleton(new WorkingDirectory(path));

    /// <summary>Sets a Cake setting (as in <c>cake.config</c>); a <c>cake.config</c>, a <c>CAKE_</c> variable or an argument wins.</summary>
    public static IServiceCollection UseCakeSetting(this IServiceCollection services, string key, string value) =>
        services.AddSingleton(new FrostingConfigurationValue(key, value));

    /// <summary>Sets the directory tools are installed to and looked up in (the <c>Paths_Tools</c> setting).</summary>
    public static IServiceCollection UseToolPath(this IServiceCollection services, DirectoryPath toolPath)
    {
        ArgumentNullException.ThrowIfNull(toolPath);
        return services.UseCakeSetting(ToolPathSetting.Key, toolPath.FullPath);
    }
}
