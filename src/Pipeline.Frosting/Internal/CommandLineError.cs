using Cake.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Cake.Frosting.Internal;

/// <summary>
/// Reports a command line that could not be parsed, on the error stream, before any task runs; the exit code is
/// Spectre.Console.Cli's -1, which Cake 7 (its runner and Cake.Frosting) returns then.
/// </summary>
internal static class CommandLineError
{
    public const int ExitCode = -1;

    public static int Report(IServiceCollection services, Exception exception)
    {
        using var provider = services.BuildServiceProvider();
        var console = provider.GetRequiredService<IConsole>();
        console.WriteErrorLine("Error: {0}", exception.Message);
        console.WriteErrorLine("Run with --help to see the options.");
        return ExitCode;
    }
}
