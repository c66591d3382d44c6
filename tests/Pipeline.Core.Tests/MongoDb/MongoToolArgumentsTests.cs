using Pipeline.Core.Databases.MongoDb;

namespace Pipeline.Core.Tests.MongoDb;

public sealed class MongoToolArgumentsTests
{
    private const string Uri = "mongodb://backup:s3cret-Pa55@db1.internal:27017/?replicaSet=rs0";

    [Fact]
    public void Cake_renders_the_uri_as_a_secret_when_it_shows_a_mongodump_command_line()
    {
        var arguments = MongoDumpTool.Arguments(new MongoDumpSettings { Uri = Uri, Archive = "/backups/database.archive.gz", Gzip = true, Oplog = true });

        Assert.Equal("--uri=\"[REDACTED]\" --archive=\"/backups/database.archive.gz\" --gzip --oplog", arguments.RenderSafe());
        Assert.Contains(Uri, arguments.Render(), StringComparison.Ordinal);
    }

    [Fact]
    public void Cake_renders_the_uri_as_a_secret_when_it_shows_a_mongorestore_command_line()
    {
        var arguments = MongoRestoreTool.Arguments(new MongoRestoreSettings { Uri = Uri, Archive = "/backups/database.archive.gz", Gzip = true, Drop = true, OplogReplay = true });

        Assert.Equal("--uri=\"[REDACTED]\" --drop --archive=\"/backups/database.archive.gz\" --gzip --oplogReplay", arguments.RenderSafe());
    }

    [Fact]
    public void Db_and_extra_arguments_come_after_the_uri_and_at_the_end()
    {
        var settings = new MongoDumpSettings { Uri = Uri, Db = "app", Archive = "/backups/a.gz", Gzip = true };
        settings.ExtraArguments.Add("--numParallelCollections=2");

        Assert.Equal("--uri=\"[REDACTED]\" --db=\"app\" --archive=\"/backups/a.gz\" --gzip --numParallelCollections=2", MongoDumpTool.Arguments(settings).RenderSafe());
    }

    [Theory]
    [InlineData("mongodb://db1:27017/?replicaSet=rs0", true)]
    [InlineData("mongodb://db1:27017,db2:27017/app?authSource=admin&replicaset=rs0", true)]
    [InlineData("mongodb://u:p@db1:27017/app?authSource=admin;replicaSet=rs0", true)]
    [InlineData("mongodb+srv://u:p@cluster0.example.net/app", true)]
    [InlineData("mongodb://db1:27017/app", false)]
    [InlineData("mongodb://db1:27017/app?replicaSet=", false)]
    [InlineData("mongodb://db1:27017/app?authSource=admin", false)]
    public void A_replica_set_is_recognised_from_the_connection_string(string uri, bool expected) =>
        Assert.Equal(expected, MongoUri.IsReplicaSet(uri));

    [Theory]
    [InlineData("mongodb://db1:27017/app?replicaSet=rs0", true)]
    [InlineData("mongodb+srv://u:p@cluster0.example.net/app", true)]
    [InlineData("mongodb://db1:27017/?replicaSet=rs0", false)]
    [InlineData("mongodb://db1:27017", false)]
    public void A_database_in_the_connection_string_path_is_recognised(string uri, bool expected) =>
        Assert.Equal(expected, MongoUri.NamesDatabase(uri));

    [Fact]
    public void Masking_removes_the_uri_its_password_and_credentials_of_any_other_mongodb_uri()
    {
        var text = $"connecting to {Uri} failed; password s3cret-Pa55 rejected; also tried mongodb+srv://other:pw@elsewhere.net/x";

        var masked = MongoUri.Mask(text, Uri);

        Assert.Equal("connecting to [connection string] failed; password *** rejected; also tried mongodb+srv://***@elsewhere.net/x", masked);
    }

    [Fact]
    public void Masking_also_catches_the_percent_decoded_password()
    {
        var masked = MongoUri.Mask("auth failed for p@ss/word!", "mongodb://u:p%40ss%2Fword!@db1/app");

        Assert.DoesNotContain("p@ss/word!", masked, StringComparison.Ordinal);
    }

    [Fact]
    public void Restore_counts_fall_back_to_the_per_collection_lines_when_there_is_no_summary()
    {
        var report = MongoRestoreReport.Parse(["finished restoring app.users (3 documents, 1 failure)", "finished restoring app.orders (2 documents, 0 failures)"]);

        Assert.Equal(5, report.Restored);
        Assert.Equal(1, report.Failed);
    }
}
