using System.Globalization;
using Pipeline.Core.Processes;

namespace Pipeline.Core.Reports;

/// <summary>
/// The commit time of a version <c>yyyy.MM.dd-&lt;short commit&gt;</c>, read from the repository's git history; null for a
/// version that names no commit of it (given by hand with --app-version, or from a clone that lacks it).
/// </summary>
public sealed class GitCommitTimes(ICommandRunner runner, string root)
{
    private readonly Dictionary<string, DateTimeOffset?> known = new(StringComparer.Ordinal);

    public DateTimeOffset? Of(string version)
    {
        if (!known.TryGetValue(version, out var time))
        {
            known[version] = time = Read(version);
        }

        return time;
    }

    private DateTimeOffset? Read(string version)
    {
        var commit = version.Split('-') is [_, var sha, ..] && sha.Length >= 7 && sha.All(Uri.IsHexDigit) ? sha : null;
        if (commit is null)
        {
            return null;
        }

        var result = runner.RunAsync(new Command("git", ["show", "-s", "--format=%cI", $"{commit}^{{commit}}"], root)).GetAwaiter().GetResult();
        return result.ExitCode == 0 && result.Output.Count > 0 && DateTimeOffset.TryParse(result.Output[0].Trim(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : null;
    }
}
