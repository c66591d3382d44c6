using Pipeline.Core.Databases.MongoDb;

namespace Pipeline.Core.Tests.MongoDb;

public sealed class MongoDbEngineRestoreTests : IDisposable
{
    private const string Password = "s3cret-Pa55";
    private const string Uri = $"mongodb://restore:{Password}@db1.internal:27017/?replicaSet=rs0";

    private readonly FakeMongoTools fake = new();
    private readonly string archive;

    public MongoDbEngineRestoreTests()
    {
        archive = fake.PathOf("database.archive.gz");
        File.WriteAllBytes(archive, MongoArchiveSamples.Archive());
    }

    [Fact]
    public async Task A_dump_without_an_oplog_is_restored_over_the_live_database_with_drop()
    {
        await fake.Engine(Uri, dumpHasOplog: false).RestoreAsync(archive, null);

        Assert.Equal([$"mongorestore --uri={Uri} --drop --archive={archive} --gzip"], fake.Calls);
    }

    [Fact]
    public async Task A_dump_with_an_oplog_is_restored_over_the_live_database_replaying_it()
    {
        await fake.Engine(Uri, dumpHasOplog: true).RestoreAsync(archive, null);

        Assert.Equal([$"mongorestore --uri={Uri} --drop --archive={archive} --gzip --oplogReplay"], fake.Calls);
    }

    [Fact]
    public async Task A_restore_into_a_scratch_database_renames_only_the_application_namespaces_and_does_not_replay_the_oplog()
    {
        await fake.Engine(Uri, dumpHasOplog: true).RestoreAsync(archive, "scratch");

        Assert.Equal([$"mongorestore --uri={Uri} --drop --archive={archive} --gzip --nsInclude=app.* --nsFrom=app.* --nsTo=scratch.*"], fake.Calls);
    }

    [Fact]
    public async Task Counts_of_a_restored_database_are_the_documents_mongorestore_reported_for_it()
    {
        fake.Behave(
            "mongorestore",
            0,
            "2026-01-05T11:00:00.100+0000\tpreparing collections to restore from",
            "2026-01-05T11:00:00.300+0000\tfinished restoring scratch.users (42 documents, 0 failures)",
            "2026-01-05T11:00:00.310+0000\tfinished restoring scratch.orders (1 document, 0 failures)",
            "2026-01-05T11:00:00.400+0000\t43 document(s) restored successfully. 0 document(s) failed to restore.");
        var engine = fake.Engine(Uri);

        await engine.RestoreAsync(archive, "scratch");

        Assert.Equal(new Dictionary<string, long> { ["users"] = 42, ["orders"] = 1 }, await engine.CountAsync("scratch"));
    }

    [Fact]
    public async Task Documents_that_failed_to_restore_are_an_error_even_though_mongorestore_exits_0()
    {
        fake.Behave(
            "mongorestore",
            0,
            "2026-01-05T11:00:00.300+0000\tfinished restoring app.users (40 documents, 2 failures)",
            "2026-01-05T11:00:00.400+0000\t40 document(s) restored successfully. 2 document(s) failed to restore.");

        var error = await Assert.ThrowsAsync<MongoToolException>(() => fake.Engine(Uri).RestoreAsync(archive, null));

        Assert.Equal("mongorestore", error.Tool);
        Assert.Contains("2 document(s) failed to restore (40 restored); expected 0 failures", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_mongorestore_names_its_exit_code_and_output_with_the_connection_string_masked()
    {
        fake.Behave("mongorestore", 2, $"Failed: error connecting to {Uri}: (Unauthorized) user restore@admin is not authorized, password {Password}");

        var error = await Assert.ThrowsAsync<MongoToolException>(() => fake.Engine(Uri).RestoreAsync(archive, null));

        Assert.Contains("mongorestore failed with exit code 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("is not authorized", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Uri, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scratch_database_name_that_is_not_a_valid_mongodb_name_is_refused_before_anything_runs()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => fake.Engine(Uri).RestoreAsync(archive, "scratch.*"));

        Assert.Contains("\"scratch.*\"", error.Message, StringComparison.Ordinal);
        Assert.Empty(fake.Calls);
    }

    public void Dispose() => fake.Dispose();
}
