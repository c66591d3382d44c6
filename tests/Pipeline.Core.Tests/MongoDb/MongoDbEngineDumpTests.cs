using Pipeline.Core.Databases.MongoDb;

namespace Pipeline.Core.Tests.MongoDb;

public sealed class MongoDbEngineDumpTests : IDisposable
{
    private const string Password = "s3cret-Pa55";
    private const string StandaloneUri = $"mongodb://backup:{Password}@db1.internal:27017/?authSource=admin";
    private const string ReplicaSetUri = $"mongodb://backup:{Password}@db1.internal:27017,db2.internal:27017/?replicaSet=rs0&authSource=admin";

    private readonly FakeMongoTools fake = new();

    [Fact]
    public async Task A_standalone_server_is_dumped_to_one_gzip_archive_without_an_oplog()
    {
        fake.DumpWrites(MongoArchiveSamples.Archive());
        var file = fake.PathOf("database.archive.gz");

        var facts = await fake.Engine(StandaloneUri).DumpAsync(file);

        Assert.Equal([$"mongodump --uri={StandaloneUri} --archive={file} --gzip"], fake.Calls);
        Assert.False(facts.HasOplog);
    }

    [Fact]
    public async Task A_replica_set_is_dumped_with_its_oplog_and_the_facts_say_so()
    {
        fake.DumpWrites(MongoArchiveSamples.Archive());
        var file = fake.PathOf("database.archive.gz");

        var facts = await fake.Engine(ReplicaSetUri).DumpAsync(file);

        Assert.Equal([$"mongodump --uri={ReplicaSetUri} --archive={file} --gzip --oplog"], fake.Calls);
        Assert.True(facts.HasOplog);
    }

    [Fact]
    public async Task A_replica_set_uri_that_names_a_database_is_dumped_without_an_oplog_because_mongodump_allows_it_only_on_full_dumps()
    {
        fake.DumpWrites(MongoArchiveSamples.Archive());
        var uri = $"mongodb://backup:{Password}@db1.internal:27017/app?replicaSet=rs0";
        var file = fake.PathOf("database.archive.gz");

        var facts = await fake.Engine(uri).DumpAsync(file);

        Assert.Equal([$"mongodump --uri={uri} --archive={file} --gzip"], fake.Calls);
        Assert.False(facts.HasOplog);
    }

    [Fact]
    public async Task The_facts_carry_the_documents_mongodump_reported_for_the_application_database_and_the_archive_server_version()
    {
        fake.DumpWrites(MongoArchiveSamples.Archive(serverVersion: "7.0.14"));
        fake.Behave(
            "mongodump",
            0,
            "2026-01-05T10:00:00.101+0000\twriting app.users to archive 'database.archive.gz'",
            "2026-01-05T10:00:00.205+0000\tdone dumping admin.system.version (2 documents)",
            "2026-01-05T10:00:00.310+0000\tdone dumping app.users (42 documents)",
            "2026-01-05T10:00:00.311+0000\tdone dumping app.audit.log (1 document)",
            "2026-01-05T10:00:00.420+0000\tdone dumping app.orders (0 documents)");

        var facts = await fake.Engine(StandaloneUri).DumpAsync(fake.PathOf("database.archive.gz"));

        Assert.Equal(new Dictionary<string, long> { ["users"] = 42, ["audit.log"] = 1, ["orders"] = 0 }, facts.Tables);
        Assert.Equal("7.0.14", facts.ServerVersion);
        Assert.Equal("app", facts.Database);
        Assert.Equal(0, facts.SchemaVersion);
    }

    [Fact]
    public async Task A_failing_mongodump_names_itself_its_exit_code_and_its_last_output_without_the_connection_string()
    {
        fake.Behave(
            "mongodump",
            1,
            "2026-01-05T10:00:00.101+0000\tdumping up to 4 collections in parallel",
            $"2026-01-05T10:00:30.000+0000\tFailed: can't create session: could not connect to server: {StandaloneUri}: server selection timeout");

        var error = await Assert.ThrowsAsync<MongoToolException>(() => fake.Engine(StandaloneUri).DumpAsync(fake.PathOf("database.archive.gz")));

        Assert.Equal("mongodump", error.Tool);
        Assert.Contains("mongodump failed with exit code 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("server selection timeout", error.Message, StringComparison.Ordinal);
        Assert.Contains(MongoUri.Masked, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("backup:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mongodump_that_exits_0_without_writing_the_archive_is_an_error()
    {
        var file = fake.PathOf("database.archive.gz");

        var error = await Assert.ThrowsAsync<MongoToolException>(() => fake.Engine(StandaloneUri).DumpAsync(file));

        Assert.Contains($"wrote no archive at {file}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_mongodump_is_reported_with_where_it_was_looked_for_and_how_to_install_it()
    {
        var missing = fake.PathOf("bin/mongodump");
        var engine = new MongoDbEngine(new MongoDbEngineOptions { Uri = StandaloneUri, Database = "app", MongoDumpPath = missing });

        var error = await Assert.ThrowsAsync<MongoToolException>(() => engine.DumpAsync(fake.PathOf("database.archive.gz")));

        Assert.Equal("mongodump", error.Tool);
        Assert.Contains("mongodump is not installed", error.Message, StringComparison.Ordinal);
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Contains("MongoDB Database Tools", error.Message, StringComparison.Ordinal);
        Assert.Contains("https://www.mongodb.com/docs/database-tools/installation/", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_a_dump_stops_mongodump()
    {
        fake.Hang("mongodump", 30);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var watch = System.Diagnostics.Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fake.Engine(StandaloneUri).DumpAsync(fake.PathOf("database.archive.gz"), cancel.Token));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"cancelled after {watch.Elapsed}");
    }

    [Fact]
    public async Task Counts_of_the_live_database_are_those_of_the_last_dump()
    {
        fake.DumpWrites(MongoArchiveSamples.Archive());
        fake.Behave("mongodump", 0, "done dumping app.users (42 documents)");
        var engine = fake.Engine(StandaloneUri);
        await engine.DumpAsync(fake.PathOf("database.archive.gz"));

        var counts = await engine.CountAsync(null);

        Assert.Equal(new Dictionary<string, long> { ["users"] = 42 }, counts);
    }

    [Fact]
    public async Task Counts_of_a_database_the_engine_never_dumped_or_restored_are_refused_with_the_reason()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => fake.Engine(StandaloneUri).CountAsync("scratch"));

        Assert.Contains("\"scratch\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("only from mongodump and mongorestore output", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => fake.Dispose();
}
