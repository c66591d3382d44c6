using Cake.Core;
using Cake.Core.Configuration;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.Core.Tooling;

namespace Pipeline.Core.Databases.MongoDb;

/// <summary>The Cake services a <see cref="Tool{TSettings}"/> needs, built without a running Cake engine.</summary>
public sealed record MongoToolServices(IFileSystem FileSystem, ICakeEnvironment Environment, IProcessRunner ProcessRunner, IToolLocator Tools)
{
    /// <summary>
    /// Real file system and processes, working directory = the current directory, tools resolved from
    /// ./tools/** and PATH. Cake's own command-line logging goes to <paramref name="log"/> (default: nowhere).
    /// </summary>
    public static MongoToolServices Create(ICakeLog? log = null)
    {
        log ??= new NullLog();
        var fileSystem = new FileSystem();
        var environment = new CakeEnvironment(new CakePlatform(), new CakeRuntime());
        var configuration = new CakeConfiguration(new Dictionary<string, string>());
        var globber = new Globber(fileSystem, environment);
        var strategy = new ToolResolutionStrategy(fileSystem, environment, globber, configuration, log);
        var tools = new ToolLocator(environment, new ToolRepository(environment), strategy);
        var processRunner = new ProcessRunner(fileSystem, environment, log, tools, configuration);
        return new MongoToolServices(fileSystem, environment, processRunner, tools);
    }
}
