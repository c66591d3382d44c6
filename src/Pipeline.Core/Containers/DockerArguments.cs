using Cake.Core;
using Cake.Core.IO;

namespace Pipeline.Core.Containers;

/// <summary>
/// A docker command's words as this machine's client gets them, each quoted: the tools build their words once, and a
/// host's client reached over SSH gets the same words.
/// </summary>
public static class DockerArguments
{
    public static ProcessArgumentBuilder Quoted(IEnumerable<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        var arguments = new ProcessArgumentBuilder();
        foreach (var word in words)
        {
            arguments.AppendQuoted(word);
        }

        return arguments;
    }
}
