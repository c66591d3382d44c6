using System.Text.Json;
using Pipeline.Core.Artifacts;
using Pipeline.Core.Configuration;
using Pipeline.Core.Containers;
using Pipeline.Core.Database;
using Pipeline.Core.Processes;

namespace Pipeline.Core.Tests.Containers;

/// <summary>
/// What the container tests share, started once: a Docker engine and a registry on loopback, and the trading app
/// published into an artifact as Build makes it. The base layer comes from the machine's cache
/// (<see cref="BaseImageCache.DefaultRoot"/>); the first run on a machine makes it with debootstrap (minutes).
/// </summary>
public sealed class ContainerServers : IDisposable
{
    public const string Version = "2026.11.30-c0ffee1";

    public ContainerServers()
    {
        Scratch = Directory.CreateTempSubdirectory("pipeline-containers-").FullName;
        Registry = new RegistryServer();
        try
        {
            Engine = new DockerEngine();
            Artifact = PublishArtifact(Path.Combine(Scratch, "artifacts"), Version);
        }
        catch
        {
            Engine?.Dispose();
            Registry.Dispose();
            throw;
        }
    }

    public string Scratch { get; }

    public DockerEngine Engine { get; }

    public RegistryServer Registry { get; }

    public ArtifactLayout Artifact { get; }

    public static ImageSource Source { get; } = new("c0ffee1c0ffee1c0ffee1c0ffee1c0ffee1c0ffe", new DateTimeOffset(2026, 11, 30, 9, 15, 0, TimeSpan.Zero), "https://example.invalid/pipeline.git");

    public static CakeToolHost Tools { get; } = CakeToolHost.Create();

    /// <summary>The machine's cached Debian base, as the Image target keeps it.</summary>
    public static BaseImageCache BaseImage { get; } =
        new(BaseImageCache.DefaultRoot(), BaseImageRecipe.Default, new DebootstrapTool(Tools), new TarTool(Tools));

    public static ImageAssembler Assembler() =>
        new(BaseImage, new RuntimeLayer(BaseImage.Directory, RuntimeLayer.DefaultDotnetRoot()), BaseImageRecipe.Default);

    /// <summary><paramref name="artifact"/> with its image assembled and pushed by digest to the tests' registry, as the Image target does.</summary>
    public async Task<ArtifactLayout> PushedAsync(ArtifactLayout artifact)
    {
        if (PushResult.Read(artifact) is not null)
        {
            return artifact;
        }

        var image = Assembler().Assemble(artifact, Source, _ => { });
        using var http = new HttpClient();
        var pushed = await new RegistryClient(http, RegistryClient.Address(Registry.Address)).PushAsync(image, "trading-app", _ => { });
        pushed.Save(artifact);
        return artifact;
    }

    /// <summary>A copy of the published artifact under a fresh artifacts root, as another checkout would have it.</summary>
    public ArtifactLayout CopyArtifact()
    {
        var copy = new ArtifactLayout(Path.Combine(Scratch, $"artifacts-{Guid.NewGuid():N}"), Version);
        Directory.CreateDirectory(copy.Directory);
        File.Copy(Artifact.ArchivePath, copy.ArchivePath);
        File.Copy(Artifact.ManifestPath, copy.ManifestPath);
        return copy;
    }

    /// <summary>
    /// A data directory holding the artifact's database with its migrations applied, as a deploy leaves it, writable
    /// by the image's user; mounted at the image's data directory.
    /// </summary>
    public string MigratedDataDirectory()
    {
        var data = Path.Combine(Scratch, $"data-{Guid.NewGuid():N}");
        var unpacked = Path.Combine(Scratch, $"unpacked-{Guid.NewGuid():N}");
        DeterministicArchive.Extract(Artifact.ArchivePath, unpacked);
        new SqliteMigrator(Path.Combine(data, "trading.db"), Path.Combine(unpacked, "migrations"), "tests").Apply();
        Directory.Delete(unpacked, recursive: true);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(data, (UnixFileMode)0b111_111_111);
            foreach (var file in Directory.GetFiles(data))
            {
                File.SetUnixFileMode(file, (UnixFileMode)0b110_110_110);
            }
        }

        return data;
    }

    public void Dispose()
    {
        try
        {
            Engine.Dispose();
        }
        finally
        {
            Registry.Dispose();
            if (Directory.Exists(Scratch))
            {
                Directory.Delete(Scratch, recursive: true);
            }
        }
    }

    /// <summary>The trading app published as <paramref name="version"/> into an artifact of its own (a minute or so).</summary>
    public ArtifactLayout PublishArtifact(string version) => PublishArtifact(Path.Combine(Scratch, $"artifacts-{Guid.NewGuid():N}"), version);

    private static ArtifactLayout PublishArtifact(string artifacts, string version)
    {
        var root = RepositoryRoot();
        var layout = new ArtifactLayout(artifacts, version);
        var publish = Path.Combine(artifacts, "publish");
        new AppPublisher(new CommandRunner(), root)
            .PublishAsync(Path.Combine(root, "src", "Trading.App", "Trading.App.csproj"), publish, version, _ => { })
            .GetAwaiter().GetResult();
        Directory.CreateDirectory(layout.Directory);
        DeterministicArchive.Create(publish, layout.ArchivePath);
        var manifest = new ArtifactManifest(
            version, "c0ffee1", "main", false, DateTimeOffset.UtcNow, "tests",
            new ManifestArchive(layout.ArchiveName, FileDigest.Sha256(layout.ArchivePath), new FileInfo(layout.ArchivePath).Length),
            FileDigest.Directory(publish));
        File.WriteAllText(layout.ManifestPath, JsonSerializer.Serialize(manifest, ConfigJson.Options));
        Directory.Delete(publish, recursive: true);
        return layout;
    }

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Pipeline.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Pipeline.sln above {AppContext.BaseDirectory}.");
    }
}

[CollectionDefinition(Name)]
public sealed class ContainerServersDefinition : ICollectionFixture<ContainerServers>
{
    public const string Name = "container servers";
}
