using System.Reflection;
using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Frosting;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Build.Infrastructure;
using Pipeline.Core.Processes;
using Pipeline.Core.Quality;
using Pipeline.Core.Secrets;
using Spectre.Console.Cli.Help;

namespace Pipeline.Build;

/// <summary>The pipeline's task graph, ready to run: the same host people, CI and tests use.</summary>
public static class BuildHost
{
    public static CakeHost Create()
    {
        var host = new CakeHost()
            .UseContext<BuildContext>()
            .UseLifetime<BuildLifetime>()
            .UseTaskLifetime<BuildTaskLifetime>()
            .ConfigureServices(services =>
            {
                services.AddSingleton<SecretMasker>();
                services.AddSingleton<IHelpProvider, PipelineHelpProvider>();
                services.AddSingleton(ToolLookup.FromEnvironment());
                services.AddSingleton<ICommandRunner, CommandRunner>();
                services.AddSingleton<Pipeline.Core.Deployment.IApprovalPrompt, ConsoleApprovalPrompt>();
                services.AddSingleton<ICakeLog>(provider => new MaskingLog(
                    new CakeBuildLog(provider.GetRequiredService<IConsole>()),
                    provider.GetRequiredService<SecretMasker>()));
            });

        // The host always registers the entry assembly's tasks, and adding it again would register each twice;
        // this assembly is added only where it is not the entry one, as under a test runner.
        var tasks = typeof(BuildHost).Assembly;
        return Assembly.GetEntryAssembly() == tasks ? host : host.AddAssembly(tasks);
    }
}
