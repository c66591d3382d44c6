using Microsoft.Data.Sqlite;
using Pipeline.Core.Database;

namespace Pipeline.Core.Tests;

public sealed class SqliteMigratorTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("pipeline-migrations-").FullName;

    private string Migrations => Path.Combine(root, "migrations");

    private string Database => Path.Combine(root, "data", "app.db");

    private SqliteMigrator Migrator => new(Database, Migrations, "tester");

    public SqliteMigratorTests()
    {
        Directory.CreateDirectory(Migrations);
        Write("0001_create_orders.up.sql", "CREATE TABLE orders (id INTEGER PRIMARY KEY, symbol TEXT NOT NULL);");
        Write("0001_create_orders.down.sql", "DROP TABLE orders;");
    }

    [Fact]
    public void Pending_migrations_are_applied_in_order_and_recorded_with_checksums()
    {
        Write("0002_add_side.up.sql", "ALTER TABLE orders ADD COLUMN side TEXT;");

        var applied = Migrator.Apply();

        Assert.Equal([1, 2], applied.Select(a => a.Version));
        Assert.Equal([1, 2], Migrator.ReadApplied().Select(a => a.Version));
        Assert.All(Migrator.ReadApplied(), a => Assert.Equal(64, a.Checksum.Length));
        Assert.Empty(Migrator.Plan().Pending);
    }

    [Fact]
    public void A_failing_migration_is_rolled_back_whole_and_the_version_stays()
    {
        Migrator.Apply();
        Write("0002_broken.up.sql", "ALTER TABLE orders ADD COLUMN side TEXT; INSERT INTO no_such_table VALUES (1);");

        var error = Assert.Throws<MigrationException>(() => Migrator.Apply());

        Assert.Contains("0002_broken.up.sql", error.Message);
        Assert.Contains("rolled back", error.Message);
        Assert.Equal(1, Migrator.Plan().CurrentVersion);
        Assert.DoesNotContain("side", Columns("orders"));
    }

    [Fact]
    public void An_applied_migration_whose_file_changed_fails_validation_before_anything_runs()
    {
        Migrator.Apply();
        Write("0001_create_orders.up.sql", "CREATE TABLE orders (id INTEGER PRIMARY KEY, symbol TEXT, extra TEXT);");
        Write("0002_add_side.up.sql", "ALTER TABLE orders ADD COLUMN side TEXT;");

        var error = Assert.Throws<MigrationException>(() => Migrator.Apply());

        Assert.Contains("has changed since it ran", error.Message);
        Assert.DoesNotContain("side", Columns("orders"));
    }

    [Fact]
    public void A_lower_numbered_migration_that_never_ran_is_an_error()
    {
        Write("0003_three.up.sql", "CREATE TABLE three (id INTEGER);");
        Migrator.Apply();
        Write("0002_two.up.sql", "CREATE TABLE two (id INTEGER);");

        var error = Assert.Throws<MigrationException>(() => Migrator.Apply());

        Assert.Contains("never applied", error.Message);
    }

    [Fact]
    public void A_file_name_outside_the_convention_is_named()
    {
        Write("2_oops.up.sql", "SELECT 1;");

        var error = Assert.Throws<MigrationException>(() => Migrator.Plan());

        Assert.Contains("2_oops.up.sql", error.Message);
        Assert.Contains("NNNN_name.up.sql", error.Message);
    }

    private void Write(string name, string sql) => File.WriteAllText(Path.Combine(Migrations, name), sql);

    private List<string> Columns(string table)
    {
        using var connection = new SqliteConnection($"Data Source={Database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT name FROM pragma_table_info('{table}')";
        using var reader = command.ExecuteReader();
        var columns = new List<string>();
        while (reader.Read())
        {
            columns.Add(reader.GetString(0));
        }

        return columns;
    }

    public void Dispose() => Directory.Delete(root, recursive: true);
}
