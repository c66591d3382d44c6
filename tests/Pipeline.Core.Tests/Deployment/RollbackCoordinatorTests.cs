using Pipeline.Core.Artifacts;
using Pipeline.Core.Audit;
using Pipeline.Core.Backups;
using Pipeline.Core.Configuration.Model;
using Pipeline.Core.Databases;
using Pipeline.Core.Deployment;
using Pipeline.Core.Deployment.Planning;
using Pipeline.Core.Secrets;
using Pipeline.Core.State;

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

    private RollbackCoordinator Coordinator(FakeTarget[] targets, Func<string, Task<DeployOutcome>> redeploy)
    {
        var database = new SqliteDeployedDatabase(Path.Combine(root, "trading.db"), new SqliteBackupService(store));
        var environment = new DeployEnvironment("staging", targets, database, null, Ledger(), new RetentionSettings(), new StrategySettings());
        var rollbacks = new RollbackService(environment, ReleaseWithoutMigrations, log.Add);
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

    private RollbackRequest Request(RollbackComponent component = RollbackComponent.Application) =>
        new(component, null, null!, Path.Combine(root, "staging.json"), Path.Combine(root, "config-backups"), "tests");

    public void Dispose() => Directory.Delete(root, recursive: true);
}
