using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;

namespace Pipeline.Core.Containers.Scanning;

/// <summary>
/// The software bill of materials of an image: Debian's installed packages (the base's dpkg status), the .NET
/// runtime it carries, and the app's NuGet packages (its deps.json). Written as CycloneDX 1.5 JSON.
/// </summary>
public sealed record Sbom(IReadOnlyList<SbomPackage> Packages)
{
    public const string FileName = "sbom.cdx.json";

    private const string DpkgStatusEntry = "var/lib/dpkg/status";

    /// <summary>Reads the packages from the base layer's tar and the artifact's archive.</summary>
    public static Sbom Read(string baseRootfsTar, string artifactArchive, string appDepsFile, string runtimeVersion)
    {
        var debian = ReadTarEntry(baseRootfsTar, compressed: false, DpkgStatusEntry, stream => DpkgStatus.Read(new StreamReader(stream)))
            ?? throw new ContainerException($"{baseRootfsTar}: no {DpkgStatusEntry}; the base is expected to be Debian.");
        var nuget = ReadTarEntry(artifactArchive, compressed: true, appDepsFile, stream => DepsJson.Read(stream, $"{artifactArchive}:{appDepsFile}"))
            ?? throw new ContainerException($"{artifactArchive}: no {appDepsFile}; expected the app's published deps.json.");
        IReadOnlyList<SbomPackage> runtime =
        [
            new(PackageEcosystem.DotNet, "Microsoft.NETCore.App", runtimeVersion),
            new(PackageEcosystem.DotNet, "Microsoft.AspNetCore.App", runtimeVersion),
        ];
        return new Sbom([.. debian, .. runtime, .. nuget]);
    }

    public void Write(string path)
    {
        using var output = File.Create(path);
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("bomFormat", "CycloneDX");
        json.WriteString("specVersion", "1.5");
        json.WriteNumber("version", 1);
        json.WriteStartArray("components");
        foreach (var package in Packages)
        {
            json.WriteStartObject();
            json.WriteString("type", package.Ecosystem == PackageEcosystem.DotNet ? "framework" : "library");
            json.WriteString("name", package.Name);
            json.WriteString("version", package.Version);
            json.WriteString("purl", package.Purl);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static T? ReadTarEntry<T>(string tarPath, bool compressed, string name, Func<Stream, T> read)
        where T : class
    {
        using var file = File.OpenRead(tarPath);
        using Stream input = compressed ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var tar = new TarReader(input);
        while (tar.GetNextEntry() is { } entry)
        {
            if (entry.Name.TrimStart('.', '/') == name && entry.DataStream is not null)
            {
                return read(entry.DataStream);
            }
        }

        return null;
    }
}
