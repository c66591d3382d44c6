using System.Text.Json.Nodes;

namespace Pipeline.Core.Tests;

/// <summary>A temporary copy of the repository's environment files that a test may break at will.</summary>
public sealed class TempEnvironments : IDisposable
{
    public TempEnvironments()
    {
        Root = System.IO.Directory.CreateTempSubdirectory("pipeline-config-").FullName;
        Directory = Path.Combine(Root, "environments");
        System.IO.Directory.CreateDirectory(Directory);
        foreach (var file in System.IO.Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "environments"), "*.json"))
        {
            File.Copy(file, Path.Combine(Directory, Path.GetFileName(file)));
        }
    }

    public string Root { get; }

    public string Directory { get; }

    public string PathOf(string name) => Path.Combine(Directory, name + ".json");

    public string Read(string name) => File.ReadAllText(PathOf(name));

    public void Write(string name, string content) => File.WriteAllText(PathOf(name), content);

    public void Edit(string name, Action<JsonObject> edit)
    {
        var node = JsonNode.Parse(Read(name))!.AsObject();
        edit(node);
        Write(name, node.ToJsonString());
    }

    public void Dispose() => System.IO.Directory.Delete(Root, recursive: true);
}
