using Cake.Core;
using Cake.Core.Configuration;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.Core.Tooling;

namespace Pipeline.Core.Processes;

/// <summary>
/// The Cake services a <see cref="Tool{TSettings}"/> needs, built from nothing, so the typed tool wrappers run
/// in services and tests without a Cake engine. Tools are found in the given search path (PATH by default).
/// </summary>
public sealed class CakeToolHost
{
    private CakeToolHost(IFileSystem fileSystem, ICakeEnvironment environment, IProcessRunner processRunner, IToolLocator locator)
    {
        FileSystem = fileSystem;
        Environment = environment;
        ProcessRunner = processRunner;
        Locator = locator;
    }

    public IFileSystem FileSystem { get; }

    public ICakeEnvironment Environment { get; }

    public IProcessRunner ProcessRunner { get; }

    public IToolLocator Locator { get; }

    /// <summary>The services, with tools looked up in <paramref name="searchPath"/>.</summary>
    /// <param name="searchPath">PATH-style directories tools are looked up in; null: the process's PATH.</param>
    /// <param name="log">Where Cake logs the commands it runs; null: nowhere.</param>
    public static CakeToolHost Create(string? searchPath = null, ICakeLog? log = null)
    {
        log ??= new NullLog();
        var fileSystem = new FileSystem();
        ICakeEnvironment environment = new CakeEnvironment(new CakePlatform(), new CakeRuntime());
        if (searchPath is not null)
        {
            environment = new SearchPathEnvironment(environment, searchPath);
        }

        var configuration = new CakeConfiguration(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase));
        var globber = new Globber(fileSystem, environment);
        var locator = new ToolLocator(
            environment,
            new ToolRepository(environment),
            new ToolResolutionStrategy(fileSystem, environment, globber, configuration, log));
        var processRunner = new ProcessRunner(fileSystem, environment, log, locator, configuration);
        return new CakeToolHost(fileSystem, environment, processRunner, locator);
    }
}
