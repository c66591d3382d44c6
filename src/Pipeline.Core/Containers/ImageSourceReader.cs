using System.Globalization;
using Pipeline.Core.Processes;

namespace Pipeline.Core.Containers;

/// <summary>Reads an image's source from git: the commit's full hash and its committer time.</summary>
public sealed class ImageSourceReader(ICommandRunner runner, string root)
{
    public async Task<ImageSource> ReadAsync(string commit, string url, CancellationToken cancellationToken = default)
    {
        var result = await runner.RunAsync(new Command("git", ["show", "--no-patch", "--format=%H%n%cI", commit], root), cancellationToken: cancellationToken).ConfigureAwait(false);
        var lines = result.Output.Where(line => line.Trim().Length > 0).ToList();
        return result.ExitCode == 0 && lines.Count >= 2
            ? new ImageSource(lines[0].Trim(), DateTimeOffset.Parse(lines[1].Trim(), CultureInfo.InvariantCulture), url)
            : throw new ContainerException($"git show {commit} failed in {root} (exit {result.ExitCode}): {string.Join(' ', result.Output)}; the image's revision and created labels come from the artifact's commit.");
    }
}
