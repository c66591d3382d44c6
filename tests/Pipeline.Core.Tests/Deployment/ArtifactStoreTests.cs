using System.Text.Json;
using Pipeline.Core.Artifacts;
using Pipeline.Core.State;

namespace Pipeline.Core.Tests.Deployment;

/// <summary>The artifact store over a local directory (the same code serves an S3 bucket through the state store contract).</summary>
public sealed class ArtifactStoreTests : IDisposable
{
    private const string Version = "2026.11.22-abcdef0";
    private readonly string root = Directory.CreateTempSubdirectory("pipeline-artifact-store-").FullName;

    [Fact]
    public void A_published_artifact_is_fetched_with_the_same_bytes_and_publishing_it_again_sends_nothing()
    {
        var built = Build("build-a", "one");
        var store = Store();

        Assert.True(store.Publish(built));
        Assert.False(store.Publish(built));

        var fetched = store.Fetch(Version, "staging");
        Assert.Equal(FileDigest.Sha256(built.ArchivePath), FileDigest.Sha256(fetched.ArchivePath));
    }

    [Fact]
    public void Other_bytes_under_a_stored_version_are_refused_naming_both_digests()
    {
        var store = Store();
        var first = Build("build-a", "one");
        var second = Build("build-b", "two");
        store.Publish(first);

        var error = Assert.Throws<ArtifactConflictException>(() => store.Publish(second));

        Assert.Contains(FileDigest.Sha256(first.ArchivePath), error.Message);
        Assert.Contains(FileDigest.Sha256(second.ArchivePath), error.Message);
    }

    [Fact]
    public void A_stored_archive_that_does_not_match_its_manifest_is_never_handed_to_a_deploy()
    {
        var store = Store();
        store.Publish(Build("build-a", "one"));
        File.AppendAllText(Path.Combine(root, "store", Version, $"trading-app-{Version}.tar.gz"), "tampered");

        var error = Assert.Throws<InvalidDataException>(() => store.Fetch(Version, "staging"));

        Assert.Contains("do not verify", error.Message);
    }

    [Fact]
    public void A_missing_version_says_how_to_build_and_publish_it() =>
        Assert.Contains("--target=Build --env=staging", Assert.Throws<ArtifactNotFoundException>(() => Store().Fetch(Version, "staging")).Message);

    [Fact]
    public void A_manifest_written_by_a_newer_pipeline_with_extra_fields_is_still_read()
    {
        var built = Build("build-a", "one");
        var json = File.ReadAllText(built.ManifestPath).Replace("\"commit\"", "\"signedBy\": \"someone\", \"commit\"", StringComparison.Ordinal);
        File.WriteAllText(built.ManifestPath, json);

        Assert.Equal(Version, ArtifactVerifier.ReadManifest(built).Version);
    }

    private ArtifactStore Store() => new(new LocalStateStore(Path.Combine(root, "store")), Path.Combine(root, "cache"));

    private ArtifactLayout Build(string name, string content)
    {
        var source = Directory.CreateDirectory(Path.Combine(root, name, "app")).FullName;
        File.WriteAllText(Path.Combine(source, "Trading.App.dll"), content);
        var layout = new ArtifactLayout(Path.Combine(root, name, "artifacts"), Version);
        Directory.CreateDirectory(layout.Directory);
        DeterministicArchive.Create(source, layout.ArchivePath);
        var manifest = new ArtifactManifest(
            Version, "abcdef0", "main", false, DateTimeOffset.UtcNow, "tests",
            new ManifestArchive(layout.ArchiveName, FileDigest.Sha256(layout.ArchivePath), new FileInfo(layout.ArchivePath).Length),
            FileDigest.Directory(source));
        File.WriteAllText(layout.ManifestPath, JsonSerializer.Serialize(manifest, StateJson.Options));
        return layout;
    }

    public void Dispose() => Directory.Delete(root, recursive: true);
}
