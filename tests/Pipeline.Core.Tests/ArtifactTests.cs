using Pipeline.Core.Artifacts;

namespace Pipeline.Core.Tests;

public sealed class ArtifactTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("pipeline-artifacts-").FullName;

    [Fact]
    public void The_same_files_give_the_same_archive_whatever_their_timestamps_and_creation_order()
    {
        var first = WriteTree("first", ["b.txt", "a/one.dll", "a/two.json"], new DateTime(2021, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var second = WriteTree("second", ["a/two.json", "b.txt", "a/one.dll"], new DateTime(2026, 6, 6, 6, 6, 6, DateTimeKind.Utc));

        DeterministicArchive.Create(first, Path.Combine(root, "first.tar.gz"));
        DeterministicArchive.Create(second, Path.Combine(root, "second.tar.gz"));

        Assert.Equal(FileDigest.Sha256(Path.Combine(root, "first.tar.gz")), FileDigest.Sha256(Path.Combine(root, "second.tar.gz")));
    }

    [Fact]
    public void The_archive_records_nothing_about_the_process_that_packed_it()
    {
        // PAX extended headers are named after the writing process's id, which differs on every build.
        var source = WriteTree("app", ["a.txt"], DateTime.UtcNow);
        var archive = Path.Combine(root, "app.tar.gz");
        DeterministicArchive.Create(source, archive);

        using var gzip = new System.IO.Compression.GZipStream(File.OpenRead(archive), System.IO.Compression.CompressionMode.Decompress);
        using var tar = new System.Formats.Tar.TarReader(gzip);
        var entry = tar.GetNextEntry()!;

        Assert.Equal(System.Formats.Tar.TarEntryFormat.Ustar, entry.Format);
        Assert.Equal("a.txt", entry.Name);
        Assert.Equal(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero), entry.ModificationTime);
    }

    [Fact]
    public void Different_bytes_give_a_different_archive()
    {
        var first = WriteTree("first", ["a.txt"], DateTime.UtcNow);
        var second = WriteTree("second", ["a.txt"], DateTime.UtcNow);
        File.AppendAllText(Path.Combine(second, "a.txt"), "!");

        DeterministicArchive.Create(first, Path.Combine(root, "first.tar.gz"));
        DeterministicArchive.Create(second, Path.Combine(root, "second.tar.gz"));

        Assert.NotEqual(FileDigest.Sha256(Path.Combine(root, "first.tar.gz")), FileDigest.Sha256(Path.Combine(root, "second.tar.gz")));
    }

    [Fact]
    public void An_artifact_verifies_against_its_manifest_and_a_changed_archive_does_not()
    {
        var layout = BuildArtifact();

        Assert.Empty(ArtifactVerifier.Verify(layout, Path.Combine(root, "check-1")));

        File.AppendAllText(layout.ArchivePath, "tampered");
        var problem = Assert.Single(ArtifactVerifier.Verify(layout, Path.Combine(root, "check-2")));
        Assert.Contains("manifest says", problem);
    }

    [Fact]
    public void A_manifest_that_names_a_file_the_archive_lacks_is_reported()
    {
        var layout = BuildArtifact();
        var manifestText = File.ReadAllText(layout.ManifestPath).Replace("\"a/one.dll\"", "\"a/missing.dll\"", StringComparison.Ordinal);
        File.WriteAllText(layout.ManifestPath, manifestText);

        var problems = ArtifactVerifier.Verify(layout, Path.Combine(root, "check"));

        Assert.Contains("a/missing.dll: in the manifest, missing from the archive", problems);
        Assert.Contains("a/one.dll: in the archive, not in the manifest", problems);
    }

    [Theory]
    [InlineData("2026-11-22T23:30:00-05:00", false, "2026.11.23-3f9c2ab")]
    [InlineData("2026-11-22T10:00:00Z", true, "2026.11.22-3f9c2ab-dirty")]
    public void The_version_is_the_commit_date_and_short_sha(string date, bool dirty, string expected)
    {
        Assert.Equal(expected, BuildVersion.Format(DateTimeOffset.Parse(date, System.Globalization.CultureInfo.InvariantCulture), "3f9c2ab", dirty));
    }

    [Theory]
    [InlineData("2026.11.22-hotfix1")]
    [InlineData("1.2.3")]
    public void A_sensible_version_override_is_accepted(string version) => Assert.Equal(version, BuildVersion.ValidateOverride(version));

    [Theory]
    [InlineData("../etc")]
    [InlineData("a b")]
    [InlineData("")]
    public void A_version_override_that_is_not_a_safe_name_is_refused(string version)
    {
        var error = Assert.Throws<ArgumentException>(() => BuildVersion.ValidateOverride(version));
        Assert.Contains("--app-version", error.Message);
    }

    private ArtifactLayout BuildArtifact()
    {
        var source = WriteTree("app", ["a/one.dll", "b.txt"], DateTime.UtcNow);
        var layout = new ArtifactLayout(Path.Combine(root, "artifacts"), "2026.11.22-abcdef0");
        Directory.CreateDirectory(layout.Directory);
        DeterministicArchive.Create(source, layout.ArchivePath);
        var manifest = new ArtifactManifest(
            layout.Version, "abcdef0", "main", false, DateTimeOffset.UtcNow, "test",
            new ManifestArchive(layout.ArchiveName, FileDigest.Sha256(layout.ArchivePath), new FileInfo(layout.ArchivePath).Length),
            FileDigest.Directory(source));
        File.WriteAllText(layout.ManifestPath, System.Text.Json.JsonSerializer.Serialize(manifest, Configuration.ConfigJson.Options));
        return layout;
    }

    private string WriteTree(string name, string[] files, DateTime timestamp)
    {
        var directory = Path.Combine(root, name);
        foreach (var file in files)
        {
            var path = Path.Combine(directory, file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, $"content of {file}");
            File.SetLastWriteTimeUtc(path, timestamp);
        }

        return directory;
    }

    public void Dispose() => Directory.Delete(root, recursive: true);
}
