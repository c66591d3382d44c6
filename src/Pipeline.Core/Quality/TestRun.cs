namespace Pipeline.Core.Quality;

/// <summary>
/// One <c>dotnet test</c> process: a project, or the part of it that one namespace (or the rest) holds, and the
/// filter that selects it. Parts of one project run in processes of their own because the tests of a part share
/// process-wide state (environment variables, the current directory the build host moves) that parallel tests
/// in one process would trample.
/// </summary>
public sealed record TestRun(string Project, string? Part, string? Filter)
{
    /// <summary>"Project" or "Project (Part)": the name its results are reported and written under.</summary>
    public string Name => NameOf(Project, Part);

    /// <summary>"Project" or "Project (Part)", for a run and for its result alike.</summary>
    public static string NameOf(string project, string? part) =>
        part is null ? Path.GetFileNameWithoutExtension(project) : $"{Path.GetFileNameWithoutExtension(project)} ({part})";

    /// <summary>The directory name of its results: no spaces or parentheses.</summary>
    public string ResultsName => Part is null ? Path.GetFileNameWithoutExtension(Project) : $"{Path.GetFileNameWithoutExtension(Project)}.{Part}";

    /// <summary>
    /// The runs of <paramref name="projects"/>: one per project, or, for a project listed in <paramref name="apart"/>,
    /// one per namespace and one for the rest, each also restricted by <paramref name="filter"/> when one is given.
    /// </summary>
    public static IReadOnlyList<TestRun> Plan(IReadOnlyList<string> projects, IReadOnlyDictionary<string, IReadOnlyList<string>> apart, string? filter)
    {
        var runs = new List<TestRun>();
        foreach (var project in projects)
        {
            if (!apart.TryGetValue(project, out var namespaces) || namespaces.Count == 0)
            {
                runs.Add(new TestRun(project, null, filter is { Length: > 0 } ? filter : null));
                continue;
            }

            runs.AddRange(namespaces.Select(n => new TestRun(project, n.Split('.')[^1], Both(filter, $"FullyQualifiedName~{n}."))));
            runs.Add(new TestRun(project, "rest", Both(filter, string.Join('&', namespaces.Select(n => $"FullyQualifiedName!~{n}.")))));
        }

        return runs;
    }

    private static string Both(string? filter, string part) => filter is { Length: > 0 } ? $"({filter})&({part})" : part;
}
