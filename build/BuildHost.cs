using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Frosting;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Build.Infrastructure;
using Pipeline.Core.Processes;
using Pipeline.Core.Secrets;

namespace Pipeline.Build;

/// <summary>The pipeline's task graph, ready to run: the same host people, CI and tests use.</summary>
public static class BuildHost
{
    public static CakeHost Create() =>
        new CakeHost()
            .UseContext<BuildContext>()
            .UseLifetime<BuildLifetime>()
            .UseTaskLifetime<BuildTaskLifetime>()
            .AddAssembly(typeof(BuildHost).Assembly)
            .ConfigureServices(services =>
            {
                services.AddSingleton<SecretMasker>();
                services.AddSingleton<ICommandRunner, CommandRunner>();
                services.AddSingleton<Pipeline.Core.Deployment.IApprovalPrompt, ConsoleApprovalPrompt>();
                services.AddSingleton<ICakeLog>(provider => new MaskingLog(
                    new CakeBuildLog(provider.GetRequiredService<IConsole>()),
                    provider.GetRequiredService<SecretMasker>()));
            });
}
