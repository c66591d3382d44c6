using System.IO.Compression;

namespace Pipeline.Frosting.Tests;

/// <summary>A folder NuGet feed holding one tool package, so Cake's NuGet installer can be exercised offline.</summary>
internal sealed class LocalNuGetFeed : IDisposable
{
    public LocalNuGetFeed(string id, string version, string toolFile)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("frosting-feed-").FullName;
        using var package = ZipFile.Open(Path.Combine(Directory, $"{id}.{version}.nupkg"), ZipArchiveMode.Create);
        Write(package, $"{id}.nuspec", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
              <metadata>
                <id>{id}</id>
                <version>{version}</version>
                <authors>Pipeline</authors>
                <description>A tool package for tests.</description>
              </metadata>
            </package>
            """);
        Write(package, $"tools/{toolFile}", "#!/bin/sh\n");
    }

    public string Directory { get; }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    private static void Write(ZipArchive package, string name, string content)
    {
        using var writer = new StreamWriter(package.CreateEntry(name).Open());
        writer.Write(content);
    }
}
