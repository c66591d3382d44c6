using Pipeline.Core.Databases.MongoDb;

namespace Pipeline.Core.Tests.MongoDb;

public sealed class MongoArchiveInspectionTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("pipeline-mongo-archive-").FullName;
    private readonly MongoDbEngine engine = new(new MongoDbEngineOptions { Uri = "mongodb://localhost:27017", Database = "app" });

    [Fact]
    public async Task A_complete_archive_has_no_problems()
    {
        var file = Write("ok.archive.gz", MongoArchiveSamples.Archive());

        Assert.Empty(await engine.InspectAsync(file));
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.99)]
    public async Task A_truncated_gzip_archive_is_refused(double kept)
    {
        var whole = MongoArchiveSamples.Archive();
        var file = Write("truncated.archive.gz", whole[..(int)(whole.Length * kept)]);

        var problem = Assert.Single(await engine.InspectAsync(file));

        Assert.Contains(file, problem, StringComparison.Ordinal);
        Assert.Contains("truncated", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_archive_missing_only_the_last_byte_is_refused()
    {
        var whole = MongoArchiveSamples.Archive();
        var file = Write("short.archive.gz", whole[..^1]);

        Assert.Single(await engine.InspectAsync(file));
    }

    [Fact]
    public async Task An_empty_file_is_refused()
    {
        var problem = Assert.Single(await engine.InspectAsync(Write("empty.archive.gz", [])));

        Assert.Contains("empty (0 bytes)", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_is_not_gzip_is_refused_with_what_it_starts_with()
    {
        var problem = Assert.Single(await engine.InspectAsync(Write("plain.archive", "not gzip at all"u8.ToArray())));

        Assert.Contains("0x6E6F", problem, StringComparison.Ordinal);
        Assert.Contains("gzip signature", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_is_refused()
    {
        var problem = Assert.Single(await engine.InspectAsync(Path.Combine(root, "absent.archive.gz")));

        Assert.Contains("does not exist", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gzip_data_that_is_not_a_mongodump_archive_is_refused()
    {
        var file = Write("other.gz", MongoArchiveSamples.Gzip("some other data entirely"u8.ToArray()));

        var problem = Assert.Single(await engine.InspectAsync(file));

        Assert.Contains("magic number", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_archive_whose_writer_stopped_before_the_terminator_is_refused()
    {
        var gzipOfHalfAnArchive = MongoArchiveSamples.Gzip(Decompressed(MongoArchiveSamples.Archive())[..5000]);
        var file = Write("unfinished.archive.gz", gzipOfHalfAnArchive);

        var problem = Assert.Single(await engine.InspectAsync(file));

        Assert.Contains("terminator", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_server_version_is_read_from_the_archive_header()
    {
        var file = Write("versioned.archive.gz", MongoArchiveSamples.Archive(serverVersion: "8.0.4"));

        Assert.Equal("8.0.4", MongoArchiveFile.ReadServerVersion(file));
    }

    [Fact]
    public void An_unreadable_header_gives_no_server_version()
    {
        var file = Write("other.gz", MongoArchiveSamples.Gzip("x"u8.ToArray()));

        Assert.Null(MongoArchiveFile.ReadServerVersion(file));
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static byte[] Decompressed(byte[] gzip)
    {
        using var output = new MemoryStream();
        using (var stream = new System.IO.Compression.GZipStream(new MemoryStream(gzip), System.IO.Compression.CompressionMode.Decompress))
        {
            stream.CopyTo(output);
        }

        return output.ToArray();
    }

    private string Write(string name, byte[] content)
    {
        var file = Path.Combine(root, name);
        File.WriteAllBytes(file, content);
        return file;
    }
}
