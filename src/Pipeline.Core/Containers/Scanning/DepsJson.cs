using System.Text.Json;

namespace Pipeline.Core.Containers.Scanning;

/// <summary>The app's NuGet dependencies, direct and transitive, as the published &lt;app&gt;.deps.json lists them.</summary>
public static class DepsJson
{
    public static IReadOnlyList<SbomPackage> Read(Stream deps, string file)
    {
        using var document = JsonDocument.Parse(deps);
        if (!document.RootElement.TryGetProperty("libraries", out var libraries))
        {
            throw new ContainerException($"{file}: no \"libraries\" object; expected the deps.json dotnet publish writes.");
        }

        return libraries.EnumerateObject()
            .Where(library => library.Value.TryGetProperty("type", out var type) && type.GetString() == "package")
            .Select(library => library.Name.Split('/', 2))
            .Select(parts => new SbomPackage(PackageEcosystem.NuGet, parts[0], parts[1]))
            .OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }
}
