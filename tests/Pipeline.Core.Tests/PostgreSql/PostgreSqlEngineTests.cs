using System.Runtime.Versioning;
using Pipeline.Core.Databases.PostgreSql;
using Pipeline.Core.Tests.Support;

namespace Pipeline.Core.Tests.PostgreSql;

[Collection(PostgreSqlServerDefinition.Name)]
[UnsupportedOSPlatform("windows")]
public sealed class PostgreSqlEngineTests(PostgresServer server) : IAsyncLifetime
{
    private readonly string scratch = Directory.CreateTempSubdirectory("pipeline-pgdump-").FullName;
    private PostgreSqlConnectionInfo live = null!;

    private string DumpFile => Path.Combine(scratch, "database.pgdump");

    public async Task InitializeAsync()
    {
        live = await server.CreateDatabaseAsync();
        await new PostgreSqlMigrator(live, PostgreSqlTestDatabase.TradingMigrations, "tester", "staging").MigrateAsync();
        await PostgreSqlTestDatabase.ExecuteAsync(live, """
            INSERT INTO orders (symbol, side, quantity, price, status, created_at, client_order_id) VALUES
                ('AAPL', 'buy', 10, 189.250000, 'filled', '2025-03-01T10:00:00Z', 'c-1'),
                ('MSFT', 'sell', 5, 0.000001, 'open', '2025-03-01T10:00:01.123456Z', NULL),
                ('Zürich "Re" AG', 'buy', 2147483647, 999999999999.999999, 'open', '2025-03-02T00:00:00Z', 'c-ü');
            """);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(scratch, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_dump_restored_into_a_new_database_has_identical_rows()
    {
        var engine = Engine();

        var facts = await engine.DumpAsync(DumpFile);
        await engine.CreateDatabaseAsync("restored_copy");
        try
        {
            Assert.Empty(await engine.InspectAsync(DumpFile));
            await engine.RestoreAsync(DumpFile, "restored_copy");

            var copy = live.ForDatabase("restored_copy");
            Assert.Equal(live.Database, facts.Database);
            Assert.StartsWith($"{PostgresServer.Major}.", facts.ServerVersion);
            Assert.Equal(2, facts.SchemaVersion);
            Assert.Equal(new Dictionary<string, long> { ["orders"] = 3, [SchemaHistory.Table] = 2 }, facts.Tables);
            Assert.Equal(facts.Tables, await engine.CountAsync("restored_copy"));
            Assert.Equal(await PostgreSqlTestDatabase.ContentAsync(live, "orders"), await PostgreSqlTestDatabase.ContentAsync(copy, "orders"));
            Assert.Equal(await PostgreSqlTestDatabase.ContentAsync(live, SchemaHistory.Table), await PostgreSqlTestDatabase.ContentAsync(copy, SchemaHistory.Table));
            Assert.Contains("Zürich \"\"Re\"\" AG", await PostgreSqlTestDatabase.ContentAsync(copy, "orders"));
        }
        finally
        {
            await engine.DropDatabaseAsync("restored_copy");
        }
    }

    [Fact]
    public async Task A_restore_into_the_live_database_replaces_what_changed_since_the_dump()
    {
        var engine = Engine();
        await engine.DumpAsync(DumpFile);
        var before = await PostgreSqlTestDatabase.ContentAsync(live, "orders");
        await PostgreSqlTestDatabase.ExecuteAsync(live, "DELETE FROM orders WHERE symbol = 'AAPL'; UPDATE orders SET status = 'cancelled'; CREATE TABLE later (id int)");

        await engine.RestoreAsync(DumpFile, null);

        Assert.Equal(before, await PostgreSqlTestDatabase.ContentAsync(live, "orders"));
        Assert.Equal(3, (await engine.CountAsync(null))["orders"]);
    }

    [Fact]
    public async Task A_truncated_dump_is_refused_and_never_restored()
    {
        var engine = Engine();
        await engine.DumpAsync(DumpFile);
        var length = new FileInfo(DumpFile).Length;
        await using (var file = File.OpenWrite(DumpFile))
        {
            file.SetLength(length - 200);
        }

        await engine.CreateDatabaseAsync("restore_target");
        try
        {
            var target = live.ForDatabase("restore_target");
            await PostgreSqlTestDatabase.ExecuteAsync(target, "CREATE TABLE marker (id int); INSERT INTO marker VALUES (1)");

            var problems = await engine.InspectAsync(DumpFile);
            var catalog = new Pipeline.Core.Backups.BackupCatalog(new Pipeline.Core.State.LocalStateStore(Path.Combine(scratch, "store")));
            var backups = new Pipeline.Core.Databases.EngineBackupService(catalog, engine);
            var backup = await backups.BackupAsync(new Pipeline.Core.Backups.BackupContext("staging", "tester", null, null, null, "test"));
            var stored = Path.Combine(scratch, "store", "backups", backup.Id, backup.DumpFile);
            await File.WriteAllBytesAsync(stored, (await File.ReadAllBytesAsync(stored))[..^200]);
            var error = await Assert.ThrowsAsync<Pipeline.Core.Backups.BackupException>(() => backups.RestoreAsync(backup.Id, "restore_target"));

            var problem = Assert.Single(problems);
            Assert.Contains(DumpFile, problem);
            Assert.Contains("truncated or damaged", problem);
            Assert.Contains("sha256", error.Message);
            Assert.Contains("Nothing was changed", error.Message);
            Assert.Equal(new Dictionary<string, long> { ["marker"] = 1 }, await engine.CountAsync("restore_target"));
        }
        finally
        {
            await engine.DropDatabaseAsync("restore_target");
        }
    }

    [Fact]
    public async Task A_file_that_is_not_a_custom_archive_is_named()
    {
        await File.WriteAllTextAsync(DumpFile, "CREATE TABLE orders (id int);");

        var problem = Assert.Single(await Engine().InspectAsync(DumpFile));

        Assert.Contains("not a pg_dump custom-format archive", problem);
        Assert.Contains("expected \"PGDMP\"", problem);
    }

    [Fact]
    public async Task The_live_database_is_never_dropped()
    {
        var engine = Engine();

        var error = await Assert.ThrowsAsync<PostgreSqlException>(() => engine.DropDatabaseAsync(live.Database));

        Assert.Contains($"Refusing to drop database {live.Database}", error.Message);
        Assert.Equal(3, (await engine.CountAsync(null))["orders"]);
    }

    [Fact]
    public async Task A_scratch_database_name_must_be_an_identifier()
    {
        var error = await Assert.ThrowsAsync<PostgreSqlException>(() => Engine().CreateDatabaseAsync("x\"; DROP DATABASE postgres; --"));

        Assert.Contains("is not a plain identifier", error.Message);
    }

    [Fact]
    public async Task The_installed_pg_dump_can_dump_the_running_server()
    {
        var engine = Engine();

        Assert.Equal(PostgresServer.Major, await engine.ReadServerMajorAsync());
        await engine.EnsureToolsCanDumpAsync();
    }

    [Fact]
    public async Task A_pg_dump_older_than_the_server_is_refused_before_anything_is_dumped()
    {
        var bin = Directory.CreateDirectory(Path.Combine(scratch, "old-client")).FullName;
        var fake = Path.Combine(bin, "pg_dump");
        await File.WriteAllTextAsync(fake, "#!/bin/sh\necho 'pg_dump (PostgreSQL) 14.11'\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var engine = new PostgreSqlEngine(live, PostgreSqlClientTools.Create(new PostgreSqlToolSearch(bin, Path.Combine(scratch, "no-installations"))));

        var error = await Assert.ThrowsAsync<PostgreSqlException>(() => engine.DumpAsync(DumpFile));

        Assert.StartsWith($"pg_dump 14 cannot dump a PostgreSQL {PostgresServer.Major} server; install postgresql-client-{PostgresServer.Major}", error.Message);
        Assert.False(File.Exists(DumpFile));
    }

    [Fact]
    public async Task A_missing_client_tool_says_where_it_looked_and_how_to_install_it()
    {
        var empty = Directory.CreateDirectory(Path.Combine(scratch, "empty-bin")).FullName;
        var root = Path.Combine(scratch, "no-installations");
        var tools = PostgreSqlClientTools.Create(new PostgreSqlToolSearch(empty, root));

        var error = await Assert.ThrowsAsync<PostgreSqlException>(() => new PostgreSqlEngine(live, tools).DumpAsync(DumpFile));
        var restoreError = Assert.Throws<PostgreSqlException>(() => tools.Restore.Locate(new PgRestoreSettings()));

        Assert.Equal(
            $"pg_dump is not installed: looked in PATH ({empty}) and {root}/<major>/bin. Install the PostgreSQL client tools with `apt-get install postgresql-client` (or postgresql-client-<major> to match a newer server).",
            error.Message);
        Assert.StartsWith("pg_restore is not installed", restoreError.Message);
        Assert.False(File.Exists(DumpFile));
    }

    [Fact]
    public async Task The_client_tools_are_found_in_the_versioned_Debian_directory_when_PATH_has_none()
    {
        var empty = Directory.CreateDirectory(Path.Combine(scratch, "empty-bin")).FullName;
        var tools = PostgreSqlClientTools.Create(new PostgreSqlToolSearch(empty, PostgreSqlToolSearch.DebianInstallationRoot));

        var path = tools.Dump.Locate(new PgDumpSettings());

        Assert.Equal($"/usr/lib/postgresql/{PostgresServer.Major}/bin/pg_dump", path);
        await new PostgreSqlEngine(live, tools).DumpAsync(DumpFile);
        Assert.Empty(await Engine().InspectAsync(DumpFile));
    }

    private PostgreSqlEngine Engine() => new(live, PostgreSqlClientTools.Create());
}
