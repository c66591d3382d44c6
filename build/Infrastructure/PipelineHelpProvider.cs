using Cake.Core;
using Cake.Frosting;
using Spectre.Console.Cli;
using Spectre.Console.Cli.Help;
using Spectre.Console.Rendering;

namespace Pipeline.Build.Infrastructure;

/// <summary>--help and -h: the pipeline's <see cref="HelpPage"/>, with the host's options read from its command-line model.</summary>
/// <remarks>
/// The page is written to the console's standard output as plain lines rather than returned for Spectre.Console to
/// render, which would wrap every line at 80 columns when the output is piped (to grep, to a file).
/// </remarks>
public sealed class PipelineHelpProvider(IEnumerable<IFrostingTask> tasks, IConsole console) : IHelpProvider
{
    public IEnumerable<IRenderable> Write(ICommandModel model, ICommandInfo? command)
    {
        ArgumentNullException.ThrowIfNull(model);
        var options = (command ?? model.DefaultCommand)?.Parameters.OfType<ICommandOption>()
            .Select(o => (Names: Names(o), Description: o.Description ?? string.Empty))
            .Prepend(("-h, --help", "Prints this help."))
            .ToList() ?? [];
        console.Write("{0}", HelpPage.Render(tasks.Select(t => t.GetType()), options));
        return [];
    }

    private static string Names(ICommandOption option)
    {
        var names = option.ShortNames.Select(n => "-" + n).Concat(option.LongNames.Take(1).Select(n => "--" + n));
        var value = option.ValueName is { Length: > 0 } v ? $" <{v}>" : string.Empty;
        return string.Join(", ", names) + value;
    }
}
