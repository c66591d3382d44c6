using System.Text;
using Pipeline.Core.Audit;
using Pipeline.Core.Backups;
using Pipeline.Core.Configuration.Model;
using Pipeline.Core.Deployment;
using Pipeline.Core.Secrets;
using Pipeline.Core.State;

namespace Pipeline.Core.Tests.Deployment;

/// <summary>The history is read tolerantly but never guessed at, and clean-up deletes nothing it cannot justify from it.</summary>
public sealed class HistoryAndRetentionTests : IDisposable
{
    private const string V1 = "2026.11.20-aaaaaaa";
    private const string V2 = "2026.11.21-bbbbbbb";
    private readonly string root = Directory.CreateTempSubdirectory("pipeline-history-").FullName;
    private readonly LocalStateStore store;
    private readonly DeploymentHistory history;
    private readonly DeploymentLedger ledger;

    public HistoryAndRetentionTests()
    {
        store = new LocalStateStore(root);
        history = new DeploymentHistory(store);
        ledger = new DeploymentLedger(history, new AuditJournal(store, new SecretMasker()), new AuditActor("tests", "host", null));
    }

    [Fact]
    public void A_record_with_a_field_a_newer_pipeline_added_is_still_read()
    {
        var id = Deployed(V1);
        var key = $"deployments/{id}.json";
        store.Write(key, Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(store.Read(key)!).Replace("\"kind\"", "\"canaryWeight\": 5, \"kind\"", StringComparison.Ordinal)));

        Assert.Equal(V1, history.LiveVersion());
    }

    [Fact]
    public void A_record_that_cannot_be_read_is_an_error_naming_it()
    {
        store.Write("deployments/20261130T000000000-broken.json", "{ not json"u8);

        var error = Assert.Throws<InvalidDataException>(() => history.All());

        Assert.Contains("deployments/20261130T000000000-broken.json", error.Message);
    }

    [Fact]
    public async Task Without_a_successful_deploy_in_the_history_clean_up_deletes_nothing()
    {
        var target = new FakeTarget("app-1", V1, V2) { Live = V2 };
        var said = new List<string>();

        await new Retention([target], new BackupCatalog(store), history, new RetentionSettings { Releases = 2 }, said.Add).ApplyAsync();

        Assert.Equal([V1, V2], await target.KeptVersionsAsync());
        Assert.Contains(said, line => line.Contains("clean-up skipped", StringComparison.Ordinal));
    }

    [Fact]
    public void A_run_that_never_finished_is_closed_as_interrupted_by_the_next()
    {
        var record = ledger.Create(DeploymentKind.Deploy, "staging", V1, V2, ["application"], "tests");
        ledger.Started(record);

        var closed = Assert.Single(ledger.CloseInterrupted());

        Assert.Equal((record.Id, DeploymentStatus.Interrupted), (closed.Id, history.Find(record.Id)!.Status));
        Assert.Empty(ledger.CloseInterrupted());
    }

    private string Deployed(string version)
    {
        var record = ledger.Create(DeploymentKind.Deploy, "staging", null, version, ["application"], "tests");
        ledger.Started(record);
        return ledger.Finish(record, DeploymentStatus.Succeeded, "deployed").Record.Id;
    }

    public void Dispose() => Directory.Delete(root, recursive: true);
}
