namespace Pipeline.Core.Tests.Web;

/// <summary>A built site in a temp directory, deleted on dispose.</summary>
public sealed class SiteDirectory : IDisposable
{
    public SiteDirectory(IReadOnlyDictionary<string, byte[]> files)
    {
        Path = Directory.CreateTempSubdirectory("pipeline-site-").FullName;
        foreach (var (path, content) in files)
        {
            Write(path, content);
        }
    }

    public string Path { get; }

    public static Dictionary<string, byte[]> Text(params (string Path, string Content)[] files) =>
        files.ToDictionary(f => f.Path, f => System.Text.Encoding.UTF8.GetBytes(f.Content), StringComparer.Ordinal);

    public void Write(string path, byte[] content)
    {
        var file = System.IO.Path.Combine(Path, path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        File.WriteAllBytes(file, content);
    }

    public void Touch(DateTime when)
    {
        foreach (var file in Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(file, when);
        }
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
