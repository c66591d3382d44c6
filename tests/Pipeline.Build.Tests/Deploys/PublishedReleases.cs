using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Pipeline.Build.Tests.Deploys;

/// <summary>
/// The trading app published once per source tree for every test process that needs it: the Test target runs parts
/// of this project side by side, and each would otherwise publish the same versions again. The directory is named by
/// a digest of the app's sources, one process publishes while the others wait on a lock file, and it is kept for
/// the next run; directories of other sources are deleted once a day old.
/// </summary>
internal static class PublishedReleases
{
    private static readonly TimeSpan LockWait = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan KeptForOtherTrees = TimeSpan.FromDays(1);
    private static readonly string[] BuildSettings = ["Directory.Build.props", "Directory.Packages.props", "global.json"];

    public static async Task<string> GetAsync(string repositoryRoot, Func<string, Task> publish)
    {
        var parent = Path.Combine(Path.GetTempPath(), "pipeline-test-releases");
        Directory.CreateDirectory(parent);
        var directory = Path.Combine(parent, SourceDigest(repositoryRoot));
        var complete = Path.Combine(directory, ".complete");
        using var gate = await LockAsync(directory + ".lock");
        if (!File.Exists(complete))
        {
            // Left half-published by a process that was stopped: start again.
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }

            await publish(directory);
            await File.WriteAllTextAsync(complete, DateTimeOffset.UtcNow.ToString("O"));
            DeleteStale(parent, directory);
        }
        else
        {
            // Used again: another tree's cleanup counts a day from now.
            File.SetLastWriteTimeUtc(complete, DateTime.UtcNow);
        }

        return directory;
    }

    /// <summary>A digest of what a published release is made of: the app's sources, the front door's (its project and the pipeline files it compiles in) and the repository's build settings.</summary>
    private static string SourceDigest(string repositoryRoot)
    {
        var frontDoor = Path.Combine(repositoryRoot, "src", "Pipeline.FrontDoor");
        var linked = Regex.Matches(File.ReadAllText(Path.Combine(frontDoor, "Pipeline.FrontDoor.csproj")), "<Compile Include=\"([^\"]+)\"")
            .Select(m => Path.GetFullPath(Path.Combine(frontDoor, m.Groups[1].Value)))
            .SelectMany(pattern => Directory.GetFiles(Path.GetDirectoryName(pattern)!, Path.GetFileName(pattern)));
        var files = Sources(Path.Combine(repositoryRoot, "src", "Trading.App"))
            .Concat(Sources(frontDoor))
            .Concat(linked)
            .Concat(BuildSettings.Select(f => Path.Combine(repositoryRoot, f)).Where(File.Exists))
            .Distinct()
            .Order(StringComparer.Ordinal);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(repositoryRoot, file) + "\n"));
            hash.AppendData(File.ReadAllBytes(file));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }

    private static IEnumerable<string> Sources(string project) =>
        Directory.GetFiles(project, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(project, f).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"));

    /// <summary>An exclusive lock on <paramref name="path"/> (an flock the system releases if this process dies).</summary>
    private static async Task<FileStream> LockAsync(string path)
    {
        var deadline = DateTimeOffset.UtcNow + LockWait;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(500);
            }
        }
    }

    /// <summary>Deletes the directories of other sources that were interrupted or are a day old, unless a run holds their lock.</summary>
    private static void DeleteStale(string parent, string keep)
    {
        foreach (var other in Directory.GetDirectories(parent).Where(d => d != keep))
        {
            var marker = Path.Combine(other, ".complete");
            if (File.Exists(marker) && DateTime.UtcNow - File.GetLastWriteTimeUtc(marker) < KeptForOtherTrees)
            {
                continue;
            }

            try
            {
                using var unused = new FileStream(other + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                Directory.Delete(other, recursive: true);
            }
            catch (IOException)
            {
                // Another run is publishing into it or reading it right now.
            }
        }
    }
}
