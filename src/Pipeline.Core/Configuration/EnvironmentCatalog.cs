namespace Pipeline.Core.Configuration;

/// <summary>The environments that exist: one JSON file each under config/environments/.</summary>
public sealed class EnvironmentCatalog(string directory)
{
    public const string SchemaFileName = "environment.schema.json";

    public string Directory { get; } = directory;

    public IReadOnlyList<string> Names() =>
        System.IO.Directory.Exists(Directory)
            ? System.IO.Directory.GetFiles(Directory, "*.json")
                .Select(Path.GetFileName)
                .Where(f => f != SchemaFileName)
                .Select(f => Path.GetFileNameWithoutExtension(f)!)
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];

    public string PathOf(string name) => Path.Combine(Directory, name + ".json");

    /// <summary>The file of <paramref name="name"/>; a clear error naming the known environments when there is none.</summary>
    public string RequireFile(string name, string flag = "--env")
    {
        if (string.IsNullOrWhiteSpace(name) || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name.Contains('.', StringComparison.Ordinal))
        {
            throw new ConfigurationException($"{flag}: \"{name}\" is not an environment name; expected one of: {string.Join(", ", Names())}.");
        }

        var path = PathOf(name);
        if (!File.Exists(path))
        {
            var known = Names();
            throw new ConfigurationException(
                $"{flag}: unknown environment \"{name}\": {path} does not exist; expected one of: {(known.Count > 0 ? string.Join(", ", known) : "(none found)")}.");
        }

        return path;
    }
}
