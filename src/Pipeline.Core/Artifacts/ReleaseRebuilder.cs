using System.Text.RegularExpressions;
using Pipeline.Core.Configuration;
using Pipeline.Core.Configuration.Model;
using Pipeline.Core.Processes;

namespace Pipeline.Core.Artifacts;

/// <summary>
/// Brings back the artifact of a version that is no longer kept on the server: the one in artifacts/ if it
/// still verifies, else a rebuild from the version's commit in a temporary git worktree, with the same
/// version stamped in.
/// </summary>
public sealed partial class ReleaseRebuilder(ICommandRunner runner, string root, string artifactsRoot)
{
    public async Task<ArtifactLayout> ArtifactOfAsync(string version, string builder, Action<string> progress, CancellationToken cancellationToken = default)
    {
        var layout = new ArtifactLayout(artifactsRoot, version);
        var scratch = Directory.CreateTempSubdirectory("pipeline-rebuild-").FullName;
        try
        {
            if (File.Exists(layout.ManifestPath) && ArtifactVerifier.Verify(layout).Count == 0)
            {
                progress($"rebuild: the artifact of {version} is still in {layout.Directory} and verifies; using it");
                return layout;
            }

            var match = CleanVersion().Match(version);
            if (!match.Success)
            {
                throw new InvalidOperationException($"--to: {version} is not kept and cannot be rebuilt: only a clean version yyyy.MM.dd-<commit> names the commit to build it from.");
            }

            var commit = match.Groups["commit"].Value;
            var worktree = Path.Combine(scratch, "source");
            await GitAsync(["worktree", "add", "--detach", worktree, commit], cancellationToken).ConfigureAwait(false);
            try
            {
                progress($"rebuild: {version} is not kept; building it from commit {commit}");
                var request = new BuildRequest(
                    Path.Combine(worktree, "src", "Trading.App", "Trading.App.csproj"),
                    new BuildVersion(version, commit, "(rebuild)", Dirty: false),
                    layout,
                    builder);
                await new ArtifactBuilder(runner, worktree).BuildAsync(request, progress, cancellationToken).ConfigureAwait(false);
                return layout;
            }
            finally
            {
                await RemoveWorktreeAsync(worktree, progress).ConfigureAwait(false);
            }
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    // Runs even when the build failed or was cancelled, and never hides the build's own error.
    private async Task RemoveWorktreeAsync(string worktree, Action<string> progress)
    {
        try
        {
            await GitAsync(["worktree", "remove", "--force", worktree], CancellationToken.None).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            progress($"rebuild: could not remove the temporary worktree ({ex.Message}); git worktree prune clears it");
        }
    }

    private async Task GitAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(new Command("git", arguments, root), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed (exit {result.ExitCode}): {string.Join(' ', result.Output)}");
        }
    }

    [GeneratedRegex(@"^\d{4}\.\d{2}\.\d{2}-(?<commit>[0-9a-f]{7,40})$")]
    private static partial Regex CleanVersion();
}
