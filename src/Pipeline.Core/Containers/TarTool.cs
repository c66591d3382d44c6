using Cake.Core;
using Cake.Core.IO;
using Pipeline.Core.Processes;

namespace Pipeline.Core.Containers;

/// <summary>
/// GNU tar as a typed Cake tool, for a root file system: it keeps hard links, symbolic links and modes, which
/// System.Formats.Tar would have to be taught one by one. Entries sorted, one timestamp, owner root: the same tree
/// gives the same bytes.
/// </summary>
public sealed class TarTool(CakeToolHost host) : ExternalTool(host, "tar", "tar")
{
    /// <summary>2000-01-01, the artifact archive's fixed time.</summary>
    public const long FixedTime = 946684800;

    public static ProcessArgumentBuilder BuildArguments(string directory, string archive, IEnumerable<string> excludes)
    {
        var arguments = new ProcessArgumentBuilder()
            .Append("--create")
            .AppendSwitchQuoted("--file", "=", archive)
            .AppendSwitchQuoted("--directory", "=", directory)
            .Append("--sort=name")
            .Append($"--mtime=@{FixedTime}")
            .Append("--owner=0")
            .Append("--group=0")
            .Append("--numeric-owner")
            .Append("--format=gnu");
        foreach (var exclude in excludes)
        {
            arguments.AppendSwitchQuoted("--exclude", "=", exclude);
        }

        return arguments.Append(".");
    }

    public void Create(string directory, string archive, IEnumerable<string> excludes, CancellationToken cancellationToken = default) =>
        Execute(BuildArguments(directory, archive, excludes), $"tar of {directory}", cancellationToken);
}
