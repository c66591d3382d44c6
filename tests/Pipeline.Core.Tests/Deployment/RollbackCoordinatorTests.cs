using System.Text.Json;
using Microsoft.Data.Sqlite;
using Pipeline.Core.Artifacts;
using Pipeline.Core.Audit;
using Pipeline.Core.Backups;
using Pipeline.Core.Configuration.Model;
using Pipeline.Core.Databases;
using Pipeline.Core.Databases.Reconciliation;
using Pipeline.Core.Deployment;
using Pipeline.Core.Deployment.Planning;
using Pipeline.Core.Secrets;
using Pipeline.Core.State;
using Pipeline.Core.Tests.Support;

namespace Pipeline.Core.Tests.Deployment;

/// <summary>Rollback orchestration over fake targets: what is cut over, in which order, what is recorded, and what is refused.</summary>
public sealed class RollbackCoordinatorTests : IDisposable
{
    private const string V1 = "2026.11.20-aaaaaaa";
    private const string V2 = "2026.11.21-bbbbbbb";
    private readonly string root = Directory.CreateTempSubdirectory("pipeline-rollback-").FullName;
    private readonly LocalStateStore store;
    private readonly DeploymentHistory history;
    private readonly List<string> log = [];

    public RollbackCoordinatorTests()
    {
        store = new LocalStateStore(Path.Combine(root, "state"));
        history = new DeploymentHistory(store);
    }

    [Fact]
    public async Task An_application_rollback_cuts_every_target_over_to_the_previous_successful_version_and_records_each_one()
    {
        var (one, two) = (Target("app-1"), Target("app-2"));
        Deployed(V1);
        Deployed(V2);

        var outcome = await Coordinator(one, two).RollbackAsync(Request(), migration: null);

        Assert.True(outcome.Succeeded, outcome.Summary);
        Assert.Equal((V1, V1), (one.Live, two.Live));
        Assert.Equal(["app-1", "app-2"], outcome.Record.Targets.Select(t => t.Target));
        Assert.All(outcome.Record.Targets, t => Assert.Equal((V2, V1, "healthy"), (t.From, t.To, t.Status)));
        Assert.Equal(("allAtOnce", V1), (outcome.Record.Strategy, history.LiveVersion()));
    }

    [Fact]
    public async Task A_target_that_fails_its_health_check_puts_every_moved_target_back()
    {
        var (one, two) = (Target("app-1"), Target("app-2"));
        two.Broken.Add(V1);
        Deployed(V1);
        Deployed(V2);

        var outcome = await Coordinator(one, two).RollbackAsync(Request(), migration: null);

        Assert.False(outcome.Succeeded);
        Assert.Equal((V2, V2), (one.Live, two.Live));
        Assert.Contains($"{V1} is broken on app-2", outcome.Summary);
        Assert.Equal(V2, history.LiveVersion());
    }

    [Fact]
    public async Task A_release_no_longer_kept_on_a_target_goes_through_the_deploy_path()
    {
        var one = Target("app-1");
        var two = new FakeTarget("app-2", V2) { Live = V2 };
        Deployed(V1);
        Deployed(V2);
        string? redeployed = null;

        await Coordinator([one, two], version => { redeployed = version; return Task.FromResult<DeployOutcome>(null!); }).RollbackAsync(Request(), migration: null);

        Assert.Equal(V1, redeployed);
        Assert.Equal((V2, V2), (one.Live, two.Live));
    }

    [Fact]
    public async Task The_steps_a_rollback_runs_are_the_steps_its_plan_lists()
    {
        var (one, two) = (Target("app-1"), Target("app-2"));
        Deployed(V1);
        Deployed(V2);
        var coordinator = Coordinator(one, two);

        var planned = string.Join('\n', await coordinator.PlanAsync(Request(), migration: null, history));
        await coordinator.RollbackAsync(Request(), migration: null);

        Assert.Equal(["verify-release [app-1, app-2]", "cut-over [app-1, app-2]"], PlanStep.NamesIn(planned));
        Assert.Equal(PlanStep.NamesIn(planned), PlanStep.NamesIn(string.Join('\n', log)));
    }

    [Fact]
    public async Task With_nothing_recorded_a_rollback_is_refused_and_changes_nothing()
    {
        var one = Target("app-1");
        one.Live = V2;

        var outcome = await Coordinator(one).RollbackAsync(Request(), migration: null);

        Assert.False(outcome.Succeeded);
        Assert.Contains("no earlier successful deploy", outcome.Summary);
        Assert.Empty(one.Calls);
    }

    [Fact]
    public async Task A_web_rollback_without_a_front_end_is_refused_naming_the_environment()
    {
        var error = await Assert.ThrowsAsync<Configuration.ConfigurationException>(() =>
            Coordinator(Target("app-1")).RollbackAsync(Request(RollbackComponent.Web), migration: null));

        Assert.Contains("staging has no deployment target of kind \"s3\"", error.Message);
    }

    [Fact]
    public async Task A_database_rollback_stops_writes_saves_every_row_written_since_the_backup_restores_and_keeps_ids_above_every_id_issued()
    {
        var one = Target("app-1");
        Deployed(V1);
        Deployed(V2);
        var backup = OrdersBackedUpThenMore();
        var coordinator = Coordinator(one);

        var planned = string.Join('\n', await coordinator.PlanAsync(Request(RollbackComponent.Database, backup), migration: null, history));
        var outcome = await coordinator.RollbackAsync(Request(RollbackComponent.Database, backup), migration: null);

        Assert.True(outcome.Succeeded, outcome.Summary);
        Assert.Equal(["freeze-writes", "safety-backup", "save-reconciliation", "restore-database", "keep-ids", "lift-freeze", "check-health [app-1]"], PlanStep.NamesIn(planned));
        Assert.Equal(PlanStep.NamesIn(planned), PlanStep.NamesIn(string.Join('\n', log)));
        var key = WrittenSinceBackup.KeyOf("staging", outcome.Record.Id);
        var file = WrittenSinceBackup.Read(store, key)!;
        var orders = Assert.Single(file.Tables);
        Assert.Equal(("orders", 3L, 6L), (orders.Table, orders.HighWaterMark, orders.IdsIssued));
        Assert.Equal([("d", 4L), ("e", 5L)], orders.Rows.Select(r => (((JsonElement)r["symbol"]!).GetString(), ((JsonElement)r["id"]!).GetInt64())));
        Assert.Equal((2, $"{store.Location}/{key}"), (outcome.Record.ReconciledRows, outcome.Record.ReconciliationFile));
        Assert.Contains($"2 row(s) written since backup {backup} are saved in {store.Location}/{key}", outcome.Summary);
        Assert.Equal([1L, 2L, 3L], Ids());
        Assert.Equal(7, Insert("after"));
        Assert.Equal(0, FreezeRows());
    }

    [Fact]
    public async Task The_rows_of_a_reconciliation_file_go_back_with_their_own_ids_through_the_documented_script_once()
    {
        Deployed(V1);
        Deployed(V2);
        var backup = OrdersBackedUpThenMore();
        var outcome = await Coordinator(Target("app-1")).RollbackAsync(Request(RollbackComponent.Database, backup), migration: null);
        Assert.True(outcome.Succeeded, outcome.Summary);
        var file = Path.Combine(root, "state", WrittenSinceBackup.KeyOf("staging", outcome.Record.Id));
        Insert("after the rollback");

        var sql = Script.Run("scripts/reconciliation-sql.sh", file);
        Script.Pipe(sql, "sqlite3", Path.Combine(root, "trading.db"));
        Script.Pipe(sql, "sqlite3", Path.Combine(root, "trading.db"));

        Assert.Equal([1L, 2L, 3L, 4L, 5L, 7L], Ids());
        Assert.Contains("INSERT INTO \"orders\" (\"id\", \"symbol\") SELECT 4, 'd' WHERE NOT EXISTS", sql);
        Assert.Equal(8, Insert("next"));
    }

    [Fact]
    public async Task A_database_rollback_whose_backup_records_no_high_water_mark_saves_every_live_row()
    {
        Deployed(V1);
        Deployed(V2);
        var backup = OrdersBackedUpThenMore();
        var catalog = new BackupCatalog(store);
        catalog.Complete(catalog.Require(backup) with { HighWaterMarks = null });

        var outcome = await Coordinator(Target("app-1")).RollbackAsync(Request(RollbackComponent.Database, backup), migration: null);

        Assert.True(outcome.Succeeded, outcome.Summary);
        var orders = Assert.Single(WrittenSinceBackup.Read(store, WrittenSinceBackup.KeyOf("staging", outcome.Record.Id))!.Tables);
        Assert.Equal([1L, 2L, 3L, 4L, 5L], orders.Rows.Select(r => ((JsonElement)r["id"]!).GetInt64()));
        Assert.Contains("records no high-water mark", orders.Basis);
        Assert.Equal(7, Insert("after"));
    }

    [Fact]
    public async Task A_database_rollback_whose_health_check_fails_after_the_restore_has_kept_ids_saved_rows_and_lifted_the_freeze()
    {
        var one = Target("app-1");
        one.Broken.Add(V2);
        Deployed(V1);
        Deployed(V2);
        var backup = OrdersBackedUpThenMore();

        var outcome = await Coordinator(one).RollbackAsync(Request(RollbackComponent.Database, backup), migration: null);

        Assert.False(outcome.Succeeded);
        Assert.Contains($"{V2} is broken on app-1", outcome.Summary);
        Assert.Contains("2 row(s) written since backup", outcome.Summary);
        Assert.Equal(0, FreezeRows());
        Assert.Equal(7, Insert("after"));
    }

    [Fact]
    public async Task A_database_rollback_that_fails_while_writes_are_stopped_lifts_the_freeze_says_so_and_restores_nothing()
    {
        Deployed(V1);
        Deployed(V2);
        var backup = OrdersBackedUpThenMore();
        File.Delete(Path.Combine(root, "staging.json"));

        var outcome = await Coordinator(Target("app-1")).RollbackAsync(Request(RollbackComponent.Database, backup), migration: null);

        Assert.False(outcome.Succeeded);
        Assert.Contains("Writes were stopped for the rollback and go on again.", outcome.Summary);
        Assert.Equal(0, FreezeRows());
        Assert.Equal([1L, 2L, 3L, 4L, 5L], Ids());
        Assert.Empty(store.List(WrittenSinceBackup.Prefix));
        Assert.Equal(7, Insert("after"));
    }

    [Fact]
    public async Task A_database_rollback_whose_writes_cannot_be_stopped_is_refused_and_changes_nothing()
    {
        Deployed(V1);
        Deployed(V2);
        var backup = OrdersBackedUpThenMore();
        var backups = new BackupCatalog(store).List().Count;
        using var writer = Connection();
        using var held = writer.BeginTransaction();

        var outcome = await Coordinator([Target("app-1")], _ => throw new InvalidOperationException("no redeploy expected"), TimeSpan.FromMilliseconds(300))
            .RollbackAsync(Request(RollbackComponent.Database, backup), migration: null);
        held.Rollback();

        Assert.False(outcome.Succeeded);
        Assert.Contains("writes could not be stopped within 0.3 s", outcome.Summary);
        Assert.Contains("Nothing was changed", outcome.Summary);
        Assert.Equal(backups, new BackupCatalog(store).List().Count);
        Assert.Empty(store.List(WrittenSinceBackup.Prefix));
        Assert.Equal([1L, 2L, 3L, 4L, 5L], Ids());
    }

    [Fact]
    public async Task A_database_rollback_whose_freeze_cannot_be_lifted_says_writes_are_still_stopped_and_how_to_lift_them()
    {
        Deployed(V1);
        Deployed(V2);
        var backup = OrdersBackedUpThenMore();
        File.Delete(Path.Combine(root, "staging.json"));
        var database = new FakeUnliftableFreezeDatabase(new SqliteDeployedDatabase(Path.Combine(root, "trading.db"), new SqliteBackupService(store)));

        var outcome = await Coordinator([Target("app-1")], _ => throw new InvalidOperationException("no redeploy expected"), database: database)
            .RollbackAsync(Request(RollbackComponent.Database, backup), migration: null);

        Assert.False(outcome.Succeeded);
        Assert.Contains("Writes are STILL STOPPED", outcome.Summary);
        Assert.Contains($"sqlite3 '{Path.Combine(root, "trading.db")}' 'DELETE FROM {WriteFreeze.SqliteTable};'", outcome.Summary);
        Assert.Equal(1, FreezeRows());
    }

    [Fact]
    public async Task A_database_rollback_on_an_engine_without_a_write_freeze_is_refused_and_changes_nothing()
    {
        Deployed(V1);
        Deployed(V2);
        var backup = OrdersBackedUpThenMore();
        var backups = new BackupCatalog(store).List().Count;
        var database = new FakeUnliftableFreezeDatabase(new SqliteDeployedDatabase(Path.Combine(root, "trading.db"), new SqliteBackupService(store)), withoutFreeze: true);

        var outcome = await Coordinator([Target("app-1")], _ => throw new InvalidOperationException("no redeploy expected"), database: database)
            .RollbackAsync(Request(RollbackComponent.Database, backup), migration: null);

        Assert.False(outcome.Succeeded);
        Assert.Contains("writes to the sqlite database cannot be stopped yet", outcome.Summary);
        Assert.Equal(backups, new BackupCatalog(store).List().Count);
        Assert.Equal([1L, 2L, 3L, 4L, 5L], Ids());
    }

    [Fact]
    public void A_restore_keeps_the_live_files_freeze_and_does_not_bring_back_one_a_backup_was_taken_under()
    {
        var backups = new SqliteBackupService(store);
        var file = Path.Combine(root, "trading.db");
        var writes = new SqliteAcknowledgedWrites(file);
        OrdersBackedUpThenMore();
        using (var freeze = writes.Freeze("test", TimeSpan.FromSeconds(5)))
        {
            var takenFrozen = backups.Backup(file, new BackupContext("staging", "tests", V2, null, null, "under a freeze"));
            backups.Restore(takenFrozen.Id, file);
            Assert.Equal(1, FreezeRows());

            freeze.Lift();
            backups.Restore(takenFrozen.Id, file);
            Assert.Equal(0, FreezeRows());
        }
    }

    // Orders 1-3, a backup of them, then orders 4 and 5 and an id 6 issued to an order that is gone.
    private string OrdersBackedUpThenMore()
    {
        File.WriteAllText(Path.Combine(root, "staging.json"), "{}");
        using (var connection = Connection())
        {
            Execute(connection, "CREATE TABLE orders (id INTEGER PRIMARY KEY AUTOINCREMENT, symbol TEXT NOT NULL)");
        }

        foreach (var symbol in new[] { "a", "b", "c" })
        {
            Insert(symbol);
        }

        var backup = new SqliteBackupService(store).Backup(Path.Combine(root, "trading.db"), new BackupContext("staging", "tests", V2, null, null, "test"));
        Insert("d");
        Insert("e");
        using (var connection = Connection())
        {
            Execute(connection, $"DELETE FROM orders WHERE id = {Insert("gone")}");
        }

        return backup.Id;
    }

    private long Insert(string symbol)
    {
        using var connection = Connection();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO orders (symbol) VALUES ($symbol) RETURNING id";
        command.Parameters.AddWithValue("$symbol", symbol);
        return (long)command.ExecuteScalar()!;
    }

    private List<long> Ids()
    {
        using var connection = Connection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM orders ORDER BY id";
        using var reader = command.ExecuteReader();
        var ids = new List<long>();
        while (reader.Read())
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    private long FreezeRows()
    {
        using var connection = Connection();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {WriteFreeze.SqliteTable}";
        return (long)command.ExecuteScalar()!;
    }

    private SqliteConnection Connection()
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(root, "trading.db")};Pooling=False");
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private FakeTarget Target(string name) => new(name, V1, V2) { Live = V2 };

    private void Deployed(string version)
    {
        var ledger = Ledger();
        var record = ledger.Create(DeploymentKind.Deploy, "staging", history.LiveVersion(), version, ["application"], "tests");
        ledger.Started(record);
        ledger.Finish(record, DeploymentStatus.Succeeded, "deployed");
    }

    private DeploymentLedger Ledger() => new(history, new AuditJournal(store, new SecretMasker()), new AuditActor("tests", "host", null));

    private RollbackCoordinator Coordinator(params FakeTarget[] targets) => Coordinator(targets, _ => throw new InvalidOperationException("no redeploy expected"));

    private RollbackCoordinator Coordinator(FakeTarget[] targets, Func<string, Task<DeployOutcome>> redeploy, TimeSpan? freezeWait = null, IDeployedDatabase? database = null)
    {
        database ??= new SqliteDeployedDatabase(Path.Combine(root, "trading.db"), new SqliteBackupService(store));
        var environment = new DeployEnvironment("staging", targets, database, null, Ledger(), new RetentionSettings(), new StrategySettings());
        var rollbacks = new RollbackService(environment, ReleaseWithoutMigrations, log.Add) { FreezeWait = freezeWait ?? TimeSpan.FromSeconds(30) };
        var migrations = new MigrationRollbackService(database, ReleaseWithoutMigrations, Ledger(), log.Add);
        return new RollbackCoordinator("staging", () => rollbacks, null, migrations, redeploy);
    }

    // A release whose artifact holds no migrations: the app expects schema 0, which an absent SQLite file has.
    private ReleaseFiles ReleaseWithoutMigrations(string version)
    {
        var source = Directory.CreateDirectory(Path.Combine(root, "release-" + Guid.NewGuid().ToString("N"))).FullName;
        File.WriteAllText(Path.Combine(source, "version.txt"), version);
        var layout = new ArtifactLayout(Path.Combine(root, "artifacts"), version);
        Directory.CreateDirectory(layout.Directory);
        DeterministicArchive.Create(source, layout.ArchivePath);
        return ReleaseFiles.Extract(layout);
    }

    private RollbackRequest Request(RollbackComponent component = RollbackComponent.Application, string? to = null) =>
        new(component, to, null!, Path.Combine(root, "staging.json"), Path.Combine(root, "config-backups"), "tests");

    public void Dispose() => Directory.Delete(root, recursive: true);
}
