namespace Pipeline.Core.Quality;

/// <summary>How a prerequisite is found.</summary>
public enum PrerequisiteKind
{
    /// <summary>A program on PATH.</summary>
    Program,

    /// <summary>A file or directory at a fixed path, where the code that uses it looks.</summary>
    SystemPath,

    /// <summary>A file under the repository (an npm tool installed by its lockfile).</summary>
    RepositoryFile,
}

/// <summary>
/// Something a target needs on the machine; <paramref name="InFastTests"/> when the fast unit tests (Test --fast) need
/// it too. <paramref name="Source"/> says where it comes from (a Debian package, an npm install).
/// </summary>
public sealed record Prerequisite(string Name, PrerequisiteKind Kind, string Location, string Source, string Purpose, IReadOnlyList<string> Targets, bool InFastTests = false)
{
    public bool IsPresent(ToolLookup lookup, string repositoryRoot)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        return Kind switch
        {
            PrerequisiteKind.Program => lookup.IsOnPath(Location),
            PrerequisiteKind.RepositoryFile => ToolLookup.Exists(Path.Combine(repositoryRoot, Location)),
            _ => ToolLookup.Exists(Location),
        };
    }

    public string WhereLooked(string repositoryRoot) => Kind switch
    {
        PrerequisiteKind.Program => $"{Location} is not on PATH",
        PrerequisiteKind.RepositoryFile => $"{Path.Combine(repositoryRoot, Location)} does not exist",
        _ => $"{Location} does not exist",
    };
}
