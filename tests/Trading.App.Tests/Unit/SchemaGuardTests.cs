using Trading.App.Data;
using Trading.App.Tests.Support;

namespace Trading.App.Tests.Unit;

public sealed class SchemaGuardTests : IDisposable
{
    private readonly AppWorkspace workspace = new();

    private SchemaGuard Guard => new(new SqliteTradingDatabase("trading.db", workspace.DatabasePath), new MigrationCatalog(AppWorkspace.MigrationsDirectory));

    [Fact]
    public void A_database_at_the_latest_migration_passes()
    {
        workspace.Migrate();

        var check = Guard.Check();

        Assert.True(check.IsCurrent, check.Message);
        Assert.Equal(AppWorkspace.LatestVersion, check.AppliedVersion);
        Assert.Equal(AppWorkspace.LatestVersion, check.ExpectedVersion);
    }

    [Fact]
    public void A_missing_database_fails_and_says_how_to_create_it()
    {
        var check = Guard.Check();

        Assert.False(check.IsCurrent);
        Assert.Null(check.AppliedVersion);
        Assert.Equal(
            $"trading.db: no database at {workspace.DatabasePath}; this build of the app expects schema version 2 (migrations/0002_add_order_client_id.up.sql); apply pending migrations with ./build.sh --target=Deploy",
            check.Message);
        Assert.False(File.Exists(workspace.DatabasePath), "checking must not create the database");
    }

    [Fact]
    public void A_database_without_schema_migrations_fails()
    {
        workspace.Migrate();
        workspace.Execute("DROP TABLE schema_migrations");

        var check = Guard.Check();

        Assert.False(check.IsCurrent);
        Assert.StartsWith("trading.db: has no schema_migrations table", check.Message, StringComparison.Ordinal);
        Assert.Contains("./build.sh --target=Deploy", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_older_database_fails_naming_the_version_the_build_expects()
    {
        workspace.Migrate(upToVersion: 1);

        var check = Guard.Check();

        Assert.False(check.IsCurrent);
        Assert.Equal(1, check.AppliedVersion);
        Assert.Equal(
            "trading.db: schema version 1, this build of the app expects 2 (migrations/0002_add_order_client_id.up.sql); apply pending migrations with ./build.sh --target=Deploy",
            check.Message);
    }

    [Fact]
    public void A_database_newer_by_expand_migrations_only_is_served_so_the_previous_release_runs_during_and_after_a_deploy()
    {
        workspace.Migrate();
        workspace.RecordFutureMigration(AppWorkspace.LatestVersion + 1);

        var check = Guard.Check();

        Assert.True(check.IsCurrent, check.Message);
        Assert.Equal(AppWorkspace.LatestVersion + 1, check.AppliedVersion);
        Assert.EndsWith("newer than this build's 2 by expand migrations only, which it runs on", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_database_past_a_contract_migration_newer_than_the_build_is_refused()
    {
        workspace.Migrate();
        workspace.RecordFutureMigration(AppWorkspace.LatestVersion + 1);
        workspace.RecordFutureMigration(AppWorkspace.LatestVersion + 2, "contract_drop_old_columns");

        var check = Guard.Check();

        Assert.False(check.IsCurrent);
        Assert.Contains("contract migration 0004 removed what this build needs", check.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_database_fails_with_sqlites_reason()
    {
        File.WriteAllText(workspace.DatabasePath, "this is not a SQLite file, only text that happens to be long enough");

        var check = Guard.Check();

        Assert.False(check.IsCurrent);
        Assert.StartsWith($"trading.db: cannot read the database at {workspace.DatabasePath}", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_build_without_migrations_fails_as_incomplete()
    {
        workspace.Migrate();
        var empty = Directory.CreateDirectory(Path.Combine(workspace.Root, "no-migrations")).FullName;

        var check = new SchemaGuard(new SqliteTradingDatabase("trading.db", workspace.DatabasePath), new MigrationCatalog(empty)).Check();

        Assert.False(check.IsCurrent);
        Assert.Contains("holds no NNNN_name.up.sql migrations", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_catalog_lists_the_shipped_migrations_in_version_order()
    {
        var migrations = new MigrationCatalog(AppWorkspace.MigrationsDirectory).ReadAll();

        Assert.Equal([(1, "create_orders"), (2, "add_order_client_id")], migrations.Select(m => (m.Version, m.Name)));
        Assert.Equal("migrations/0002_add_order_client_id.up.sql", migrations[^1].RelativePath);
    }

    public void Dispose() => workspace.Dispose();
}
