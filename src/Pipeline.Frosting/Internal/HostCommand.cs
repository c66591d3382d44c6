using Cake.Cli;
using Cake.Cli.Infrastructure;
using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.Core.Packaging;
using Cake.Core.Scripting;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console.Cli;

namespace Cake.Frosting.Internal;

/// <summary>The one command of the host: builds the container for this run, installs tools and hands the graph to a Cake script host.</summary>
internal sealed class HostCommand(IServiceCollection services) : Command<HostSettings>
{
    public const string DefaultTarget = "Default";

    public override int Execute(CommandContext context, HostSettings settings, CancellationToken cancellationToken)
    {
        var targets = settings.Targets.Length > 0 ? settings.Targets : [DefaultTarget];
        services.AddSingleton<ICakeArguments>(context.Remaining.ToCakeArguments(targets));
        services.AddSingleton(context.Remaining);

        using var provider = services.BuildServiceProvider();
        var log = provider.GetRequiredService<ICakeLog>();
        try
        {
            if (settings.Version)
            {
                provider.GetRequiredService<HostProduct>().WriteVersion(provider.GetRequiredService<IConsole>());
                return 0;
            }

            if (settings.Info)
            {
                provider.GetRequiredService<HostProduct>().WriteInfo(provider.GetRequiredService<IConsole>());
                return 0;
            }

            log.Verbosity = settings.Verbosity;
            SetWorkingDirectory(provider, settings);
            var host = SelectScriptHost(provider, settings);
            var graph = provider.GetRequiredService<TaskGraphRegistrar>();
            InstallTools(provider, log);
            graph.Register();
            if (!settings.Description)
            {
                // --description lists every task and runs none, whatever the target.
                TargetCheck.Verify(targets, provider.GetServices<IFrostingTask>());
            }
            if (settings.Exclusive)
            {
                host.Settings.UseExclusiveTarget();
            }

            // A failing task throws out of the engine; a task marked ContinueOnError does not fail the run.
            host.RunTargets(targets);
            return 0;
        }
        catch (Exception ex)
        {
            // 1, or the exit code a CakeException carries, as Cake 7 returns.
            return log.LogException(ex);
        }
    }

    private static IScriptHost SelectScriptHost(IServiceProvider provider, HostSettings settings)
    {
        if (settings.DryRun)
        {
            return provider.GetRequiredService<DryRunScriptHost<IFrostingContext>>();
        }

        if (settings.Tree)
        {
            return provider.GetRequiredService<TreeScriptHost>();
        }

        if (settings.Description)
        {
            return provider.GetRequiredService<DescriptionScriptHost>();
        }

        return provider.GetRequiredService<BuildScriptHost<IFrostingContext>>();
    }

    private static void InstallTools(IServiceProvider provider, ICakeLog log)
    {
        var tools = provider.GetServices<PackageReference>().ToList();
        if (tools.Count == 0)
        {
            return;
        }

        log.Verbose("Installing tools...");
        var installer = provider.GetRequiredService<IToolInstaller>();
        foreach (var tool in tools)
        {
            installer.Install(tool);
        }
    }

    private static void SetWorkingDirectory(IServiceProvider provider, HostSettings settings)
    {
        var environment = provider.GetRequiredService<ICakeEnvironment>();
        var fileSystem = provider.GetRequiredService<IFileSystem>();
        var directory = settings.WorkingDirectory ?? provider.GetService<WorkingDirectory>()?.Path;
        directory = directory?.MakeAbsolute(environment) ?? environment.WorkingDirectory;
        if (!fileSystem.Exist(directory))
        {
            throw new FrostingException($"The working directory '{directory.FullPath}' does not exist.");
        }

        environment.WorkingDirectory = directory;
    }
}
