using System.Text.Json;
using Pipeline.Core.Artifacts;
using Pipeline.Core.Configuration;
using Pipeline.Core.Processes;

namespace Pipeline.Build.Tests.Deploys;

/// <summary>
/// Real builds of the trading app, published once per source tree and shared by the test processes that run side by side: two good versions, and broken ones made
/// from them (a Trading.App.dll that cannot load, optionally with a new migration), packed as artifacts.
/// </summary>
public sealed class ReleaseArtifacts : IAsyncLifetime
{
    public const string V1 = "2026.11.20-aaaaaaa";
    public const string V2 = "2026.11.21-bbbbbbb";

    /// <summary>A good release that brings a new migration.</summary>
    public const string V3 = "2026.11.22-ccccccc";

    private readonly string root = Directory.CreateTempSubdirectory("pipeline-releases-").FullName;

    public static string RepositoryRoot
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Pipeline.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("Pipeline.sln not found above the test output.");
        }
    }

    /// <summary>Where the published versions are: shared by the test processes of one source tree (see <see cref="PublishedReleases"/>).</summary>
    private string published = "";

    public async Task InitializeAsync()
    {
        published = await PublishedReleases.GetAsync(RepositoryRoot, PublishAsync);
    }

    private static async Task PublishAsync(string directory)
    {
        var publisher = new AppPublisher(new CommandRunner(), RepositoryRoot);
        var project = Path.Combine(RepositoryRoot, "src", "Trading.App", "Trading.App.csproj");
        foreach (var version in new[] { V1, V2, V3 })
        {
            await publisher.PublishAsync(project, Path.Combine(directory, "published-" + version), $"{version}+{version[^7..]}", _ => { });
        }

        AddMigration(Path.Combine(directory, "published-" + V3));
    }

    /// <summary>
    /// Places the artifact of <paramref name="version"/> in a checkout's artifacts/ directory, the development artifact store; its
    /// manifest names <paramref name="commit"/> (the version's short hash unless given: Image reads the commit from git).
    /// </summary>
    public void Install(string repository, string version, string? commit = null) =>
        Pack(Published(version), new ArtifactLayout(Path.Combine(repository, "artifacts"), version), commit);

    /// <summary>An artifact named <paramref name="version"/> whose app cannot start; with a new migration when asked.</summary>
    public void InstallBroken(string repository, string version, bool withMigration)
    {
        var source = Path.Combine(root, "broken-" + version);
        CopyDirectory(Published(V2), source);
        File.WriteAllText(Path.Combine(source, "Trading.App.dll"), "not an assembly");
        if (withMigration)
        {
            AddMigration(source);
        }

        Pack(source, new ArtifactLayout(Path.Combine(repository, "artifacts"), version));
    }

    /// <summary>An artifact named <paramref name="version"/>: a copy of <paramref name="basedOn"/> changed by <paramref name="change"/>.</summary>
    public void InstallChanged(string repository, string version, string basedOn, Action<string> change)
    {
        var source = CopyOfPublished(basedOn);
        change(source);
        Pack(source, new ArtifactLayout(Path.Combine(repository, "artifacts"), version));
    }

    /// <summary>A copy of a published version that a test may change.</summary>
    public string CopyOfPublished(string version)
    {
        var copy = Path.Combine(root, $"copy-{Guid.NewGuid():N}");
        CopyDirectory(Published(version), copy);
        return copy;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(root, recursive: true);
        return Task.CompletedTask;
    }

    private static void AddMigration(string publishDirectory)
    {
        File.WriteAllText(Path.Combine(publishDirectory, "migrations", "0003_add_order_notes.up.sql"), "ALTER TABLE orders ADD COLUMN notes TEXT;");
        File.WriteAllText(Path.Combine(publishDirectory, "migrations", "0003_add_order_notes.down.sql"), "ALTER TABLE orders DROP COLUMN notes;");
        File.WriteAllText(Path.Combine(publishDirectory, "migrations", "postgresql", "0003_add_order_notes.up.sql"), "ALTER TABLE orders ADD COLUMN notes text;");
        File.WriteAllText(Path.Combine(publishDirectory, "migrations", "postgresql", "0003_add_order_notes.down.sql"), "ALTER TABLE orders DROP COLUMN notes;");
    }

    /// <summary>A published version: shared, never to be changed (see <see cref="CopyOfPublished"/>).</summary>
    public string Published(string version) => Path.Combine(published, "published-" + version);

    private static void Pack(string source, ArtifactLayout layout, string? commit = null)
    {
        Directory.CreateDirectory(layout.Directory);
        DeterministicArchive.Create(source, layout.ArchivePath);
        var manifest = new ArtifactManifest(
            layout.Version, commit ?? layout.Version[^7..], "main", false, DateTimeOffset.UtcNow, "tests",
            new ManifestArchive(layout.ArchiveName, FileDigest.Sha256(layout.ArchivePath), new FileInfo(layout.ArchivePath).Length),
            FileDigest.Directory(source));
        File.WriteAllText(layout.ManifestPath, JsonSerializer.Serialize(manifest, ConfigJson.Options));
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class DeployTestGroup : ICollectionFixture<ReleaseArtifacts>
{
    public const string Name = "deploys";
}
