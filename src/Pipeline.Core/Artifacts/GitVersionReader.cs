using System.Globalization;
using Pipeline.Core.Processes;

namespace Pipeline.Core.Artifacts;

/// <summary>Reads the build version through the git CLI.</summary>
public sealed class GitVersionReader(ICommandRunner runner, string root)
{
    public async Task<BuildVersion> ReadAsync(string? overrideVersion, CancellationToken cancellationToken = default)
    {
        var commit = await GitAsync(["rev-parse", "--short=7", "HEAD"], cancellationToken).ConfigureAwait(false);
        var branch = await GitAsync(["rev-parse", "--abbrev-ref", "HEAD"], cancellationToken).ConfigureAwait(false);
        var date = await GitAsync(["log", "-1", "--format=%cI"], cancellationToken).ConfigureAwait(false);
        var status = await runner.RunAsync(new Command("git", ["status", "--porcelain", "--untracked-files=normal"], root), cancellationToken: cancellationToken).ConfigureAwait(false);
        var dirty = status.Output.Any(line => line.Trim().Length > 0);

        var version = overrideVersion is { Length: > 0 }
            ? BuildVersion.ValidateOverride(overrideVersion)
            : BuildVersion.Format(DateTimeOffset.Parse(date, CultureInfo.InvariantCulture), commit, dirty);
        return new BuildVersion(version, commit, branch, dirty);
    }

    private async Task<string> GitAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(new Command("git", arguments, root), cancellationToken: cancellationToken).ConfigureAwait(false);
        return result.ExitCode == 0 && result.Output.Count > 0
            ? result.Output[0].Trim()
            : throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed in {root} (exit {result.ExitCode}): {string.Join(' ', result.Output)}; the build version is read from git, so the repository needs at least one commit.");
    }
}
