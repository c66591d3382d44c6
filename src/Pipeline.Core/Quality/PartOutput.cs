namespace Pipeline.Core.Quality;

/// <summary>
/// A part's own copy of its test project's build output, for a run with coverage: coverlet instruments the assemblies
/// in place in the directory the tests run from, so parts of one project run side by side from one directory spoil
/// each other's figures (0 lines were measured). Each part runs from its copy under bin/Release-parts/&lt;part&gt;/,
/// as deep in the tree as the output it copies, so tests that look for the repository above them still find it.
/// </summary>
public static class PartOutput
{
    /// <summary>Copies the output of <paramref name="run"/>'s project (built in Release) for its part; returns the copy's directory.</summary>
    public static string Copy(string root, TestRun run)
    {
        var part = run.Part ?? throw new ArgumentException($"{run.Name} is a whole project, not a part of one", nameof(run));
        var project = Path.GetDirectoryName(Path.Combine(root, run.Project))!;
        var assembly = Path.GetFileNameWithoutExtension(run.Project) + ".dll";
        var release = Path.Combine(project, "bin", "Release");
        var built = Directory.Exists(release) ? Directory.GetDirectories(release).Where(d => File.Exists(Path.Combine(d, assembly))).ToList() : [];
        if (built.Count != 1)
        {
            throw new InvalidOperationException(
                $"{run.Project}: expected one Release build output holding {assembly} under {release}, found {(built.Count == 0 ? "none" : string.Join(", ", built))}; the part {part} cannot be given a copy of its own to run from.");
        }

        var copy = Path.Combine(project, "bin", "Release-parts", part);
        if (Directory.Exists(copy))
        {
            Directory.Delete(copy, recursive: true);
        }

        CopyDirectory(built[0], copy);
        return copy;
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var directory in Directory.EnumerateDirectories(from))
        {
            CopyDirectory(directory, Path.Combine(to, Path.GetFileName(directory)));
        }
    }
}
