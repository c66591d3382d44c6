using System.Reflection;
using Cake.Cli;
using Cake.Core;
using Cake.Core.Configuration;
using Cake.Frosting.Internal;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Cake.Frosting;

/// <summary>
/// Builds and runs a Frosting task graph on Cake's own engine (Cake.Core) and command-line hosts (Cake.Cli),
/// with the API of Cake.Frosting's host; configure it with <see cref="CakeHostExtensions"/>.
/// </summary>
public sealed class CakeHost
{
    private readonly IServiceCollection services = new ServiceCollection();

    private readonly List<Assembly?> assemblies;

    /// <summary>A host with Cake's default modules, console, report printer and script hosts, and the entry assembly's tasks.</summary>
    public CakeHost()
        : this(Assembly.GetEntryAssembly())
    {
    }

    /// <summary>A host whose tasks start with those of <paramref name="entryAssembly"/>; a test runner is the real entry assembly.</summary>
    internal CakeHost(Assembly? entryAssembly)
    {
        // As in Cake.Frosting, the entry assembly's tasks are always registered; AddAssembly adds to them.
        assemblies = [entryAssembly];
        services.AddSingleton(services);
        services.UseCakeDefaultModules();
        services.AddCakeDiagnostics();
        services.AddSingleton(AnsiConsole.Console);
        services.AddSingleton<ICakeReportPrinter, CakeSpectreReportPrinter>();
        services.AddSingleton<ICakeConfiguration, FrostingConfiguration>();
        services.AddSingleton<IToolInstaller, ToolInstaller>();
        services.AddSingleton<FrostingContext>();
        services.AddSingleton<IFrostingContext>(provider => provider.GetRequiredService<FrostingContext>());
        services.AddSingleton<TaskGraphRegistrar>();
        services.AddSingleton<BuildScriptHost<IFrostingContext>>();
        services.AddSingleton<DryRunScriptHost<IFrostingContext>>();
        services.AddSingleton<TreeScriptHost>();
        services.AddSingleton<DescriptionScriptHost>();
    }

    /// <summary>Creates a host; the same as <c>new CakeHost()</c>.</summary>
    public static CakeHost Create() => new();

    /// <summary>
    /// Also registers every task declared in <paramref name="assembly"/>. The entry assembly's tasks are always
    /// registered: adding it again registers its tasks twice, which Cake rejects as duplicate task names.
    /// </summary>
    public CakeHost AddAssembly(Assembly assembly)
    {
        assemblies.Add(assembly);
        return this;
    }

    /// <summary>Registers services that tasks, the context and lifetimes receive through their constructors.</summary>
    public CakeHost ConfigureServices(Action<IServiceCollection> services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services(this.services);
        return this;
    }

    /// <summary>
    /// Parses <paramref name="args"/> and runs the targets: 0 on success; on a failure 1, or the
    /// <see cref="CakeException.ExitCode"/> of the error; -1 for a command line that cannot be parsed.
    /// </summary>
    public int Run(IEnumerable<string> args)
    {
        RegisterTasks();
        services.AddSingleton(new HostProduct(assemblies.LastOrDefault(a => a is not null)));
        var app = new CommandApp<HostCommand>(new TypeRegistrar(services));
        app.Configure(config =>
        {
            config.SetApplicationName(Path.GetFileNameWithoutExtension(Environment.ProcessPath) ?? "build");
            config.PropagateExceptions();
            config.Settings.StrictParsing = false;
            config.Settings.ConvertFlagsToRemainingArguments = true;

            // Spectre.Console.Cli registers its own console over ours; hand it the one the host was given.
            if (services.LastOrDefault(d => d.ServiceType == typeof(IAnsiConsole))?.ImplementationInstance is IAnsiConsole console)
            {
                config.Settings.Console = console;
            }
        });

        try
        {
            return app.Run(args);
        }
        catch (Exception ex) when (ex is CommandParseException or CommandRuntimeException or CommandAppException)
        {
            return CommandLineError.Report(services, ex);
        }
    }

    private void RegisterTasks()
    {
        var types = assemblies.OfType<Assembly>().SelectMany(a => a.GetExportedTypes()).Where(t => t.IsTask());
        foreach (var type in types)
        {
            services.AddSingleton(typeof(IFrostingTask), type);
        }
    }
}
