using Pipeline.Core.Databases.PostgreSql;

namespace Pipeline.Core.Tests.PostgreSql;

public sealed class PgToolArgumentsTests
{
    private const string Password = "s3cret-Pa55";

    private static readonly PostgreSqlConnectionInfo Live = new("db.internal", 5433, "trading", "trading_prod", Password);

    [Fact]
    public void Pg_dump_writes_a_custom_format_archive_and_takes_the_password_from_the_environment()
    {
        var settings = new PgDumpSettings { File = "/var/backups/database.pgdump", Database = "trading_prod", Snapshot = "00000003-0000001B-1" };
        settings.ConnectAs(Live);

        var line = PgDumpTool.BuildArguments(settings).Render();

        Assert.Equal(
            "--format=custom --file=\"/var/backups/database.pgdump\" --snapshot=\"00000003-0000001B-1\" --host=\"db.internal\" --port=5433 --username=\"trading\" --no-password --dbname=\"trading_prod\"",
            line);
        Assert.DoesNotContain(Password, line, StringComparison.Ordinal);
        Assert.Equal(Password, settings.EnvironmentVariables["PGPASSWORD"]);
    }

    [Fact]
    public void Pg_dump_runs_jobs_for_the_directory_format_and_refuses_them_for_the_custom_format()
    {
        var directory = new PgDumpSettings { Format = PgDumpFormat.Directory, File = "/var/backups/dump", Jobs = 4, Database = "trading_prod" };
        directory.ExtraArguments.Add("--exclude-table=audit_log");

        Assert.Equal(
            "--format=directory --file=\"/var/backups/dump\" --jobs=4 --no-password --exclude-table=audit_log --dbname=\"trading_prod\"",
            PgDumpTool.BuildArguments(directory).Render());

        var error = Assert.Throws<PostgreSqlException>(() => PgDumpTool.BuildArguments(new PgDumpSettings { File = "x.pgdump", Jobs = 4 }));
        Assert.Equal("pg_dump --jobs=4 needs --format=directory; the format is custom.", error.Message);
    }

    [Fact]
    public void Pg_restore_replaces_objects_without_owners_in_parallel_and_keeps_the_password_off_the_command_line()
    {
        var settings = new PgRestoreSettings { File = "/tmp/restore/database.pgdump", Database = "scratch_1", Jobs = 2 };
        settings.ConnectAs(Live);

        var line = PgRestoreTool.BuildArguments(settings).Render();

        Assert.Equal(
            "--clean --if-exists --no-owner --exit-on-error --jobs=2 --host=\"db.internal\" --port=5433 --username=\"trading\" --no-password --dbname=\"scratch_1\" \"/tmp/restore/database.pgdump\"",
            line);
        Assert.DoesNotContain(Password, line, StringComparison.Ordinal);
        Assert.Equal(Password, settings.EnvironmentVariables["PGPASSWORD"]);
    }

    [Fact]
    public void Pg_restore_lists_or_reads_an_archive_without_a_server()
    {
        Assert.Equal("--list \"/tmp/database.pgdump\"", PgRestoreTool.BuildArguments(new PgRestoreSettings { File = "/tmp/database.pgdump", List = true }).Render());
        Assert.Equal(
            "--file=\"/dev/null\" \"/tmp/database.pgdump\"",
            PgRestoreTool.BuildArguments(new PgRestoreSettings { File = "/tmp/database.pgdump", ScriptFile = "/dev/null" }).Render());
    }

    [Fact]
    public void A_connection_without_a_password_leaves_PGPASSWORD_unset()
    {
        var settings = new PgDumpSettings();
        settings.ConnectAs(Live);
        settings.ConnectAs(Live with { Password = null });

        Assert.False(settings.EnvironmentVariables.ContainsKey("PGPASSWORD"));
    }
}
