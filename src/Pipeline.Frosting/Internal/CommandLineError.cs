using Cake.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Cake.Frosting.Internal;

/// <summary>Reports a command line that could not be parsed, on the error stream, before any task runs.</summary>
internal static class CommandLineError
{
    public const int ExitCode = 2;

    public static int Report(IServiceCollection services, Exception exception)
    {
        using var provider = services.BuildServiceProvider();
        var console = provider.GetRequiredService<IConsole>();
        console.WriteErrorLine("Error: {0}", exception.Message);
        console.WriteErrorLine("Run with --help to see the options.");
        return ExitCode;
    }
}
