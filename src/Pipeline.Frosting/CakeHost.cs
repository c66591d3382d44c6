using System.Reflection;
using Cake.Cli;
using Cake.Core;
using Cake.Core.Configuration;
using Cake.Core.IO;
using Cake.Frosting.Internal;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Cake.Frosting;

/// <summary>
/// Builds and runs a Frosting task graph on Cake's own engine (Cake.Core) and command-line hosts (Cake.Cli).
/// Offers the members of Cake.Frosting's host that this suite uses, under the same names.
/// </summary>
public sealed class CakeHost
{
    private readonly IServiceCollection services = new ServiceCollection();
    private readonly List<Assembly> assemblies = [];

    public CakeHost()
    {
        services.AddSingleton(services);
        services.UseCakeDefaultModules();
        services.AddCakeDiagnostics();
        services.AddSingleton(AnsiConsole.Console);
        services.AddSingleton<ICakeReportPrinter, CakeSpectreReportPrinter>();
        services.AddSingleton<IExecutionStrategy, DefaultExecutionStrategy>();
        services.AddSingleton<ICakeConfiguration>(_ => new CakeConfiguration(new Dictionary<string, string>()));
        services.AddSingleton<ICakeContext, CakeContext>();
        services.AddSingleton<IFrostingContext, FrostingContext>();
        services.AddSingleton<IVersionResolver, VersionResolver>();
        services.AddSingleton<VersionFeature>();
        services.AddSingleton<InfoFeature>();
        services.AddSingleton<TaskGraphRegistrar>();
        services.AddSingleton<BuildScriptHost<IFrostingContext>>();
        services.AddSingleton<DryRunScriptHost<IFrostingContext>>();
        services.AddSingleton<TreeScriptHost>();
        services.AddSingleton<DescriptionScriptHost>();
    }

    /// <summary>Uses <typeparamref name="TContext"/> as the context every task receives.</summary>
    public CakeHost UseContext<TContext>()
        where TContext : class, IFrostingContext
    {
        services.AddSingleton<TContext>();
        services.AddSingleton<IFrostingContext>(provider => provider.GetRequiredService<TContext>());
        return this;
    }

    /// <summary>Runs <typeparamref name="TLifetime"/> before the first and after the last task.</summary>
    public CakeHost UseLifetime<TLifetime>()
        where TLifetime : class, IFrostingLifetime
    {
        services.AddSingleton<IFrostingLifetime, TLifetime>();
        return this;
    }

    /// <summary>Runs <typeparamref name="TLifetime"/> around every task.</summary>
    public CakeHost UseTaskLifetime<TLifetime>()
        where TLifetime : class, IFrostingTaskLifetime
    {
        services.AddSingleton<IFrostingTaskLifetime, TLifetime>();
        return this;
    }

    /// <summary>Registers services that tasks, the context and lifetimes receive through their constructors.</summary>
    public CakeHost ConfigureServices(Action<IServiceCollection> configure)
    {
        configure(services);
        return this;
    }

    /// <summary>Registers every task declared in <paramref name="assembly"/>; the entry assembly is used when none is added.</summary>
    public CakeHost AddAssembly(Assembly assembly)
    {
        assemblies.Add(assembly);
        return this;
    }

    /// <summary>The directory the run starts in; <c>--working</c> on the command line wins.</summary>
    public CakeHost UseWorkingDirectory(DirectoryPath path)
    {
        services.AddSingleton(new WorkingDirectory(path));
        return this;
    }

    /// <summary>Parses <paramref name="args"/> and runs the targets; 0 on success, non-zero on any failure.</summary>
    public int Run(IEnumerable<string> args)
    {
        RegisterTasks();
        var app = new CommandApp<HostCommand>(new TypeRegistrar(services));
        app.Configure(config =>
        {
            config.SetApplicationName(System.IO.Path.GetFileNameWithoutExtension(Environment.ProcessPath) ?? "build");
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
        if (services.Any(d => d.ServiceType == typeof(IFrostingTask)) && assemblies.Count == 0)
        {
            return;
        }

        var sources = assemblies.Count > 0 ? assemblies : [Assembly.GetEntryAssembly()!];
        foreach (var type in sources.SelectMany(a => a.GetExportedTypes()).Where(t => t.IsTask()))
        {
            services.AddSingleton(typeof(IFrostingTask), type);
        }
    }
}
