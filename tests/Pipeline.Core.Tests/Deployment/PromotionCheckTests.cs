using Pipeline.Core.Audit;
using Pipeline.Core.Configuration;
using Pipeline.Core.Deployment;
using Pipeline.Core.Secrets;
using Pipeline.Core.State;

namespace Pipeline.Core.Tests.Deployment;

public sealed class PromotionCheckTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("pipeline-promotion-").FullName;

    [Fact]
    public void A_digest_that_succeeded_in_the_source_environment_may_be_promoted()
    {
        var staging = History(("2026.11.21-bbbbbbb", "sha-good", DeploymentStatus.Succeeded));

        new PromotionCheck(staging).Require("staging", "production", "2026.11.21-bbbbbbb", "sha-good");
    }

    [Fact]
    public void A_digest_that_only_failed_or_never_ran_there_is_refused_naming_version_digest_and_what_to_do()
    {
        var staging = History(("2026.11.21-bbbbbbb", "sha-bad", DeploymentStatus.RolledBack), ("2026.11.21-bbbbbbb", "sha-other", DeploymentStatus.Succeeded));

        var error = Assert.Throws<ConfigurationException>(() => new PromotionCheck(staging).Require("staging", "production", "2026.11.21-bbbbbbb", "sha-bad"));

        Assert.Contains("2026.11.21-bbbbbbb", error.Message);
        Assert.Contains("sha-bad", error.Message);
        Assert.Contains("--target=Deploy --env=staging", error.Message);
    }

    private DeploymentHistory History(params (string Version, string Sha, DeploymentStatus Status)[] deploys)
    {
        var store = new LocalStateStore(Path.Combine(root, Guid.NewGuid().ToString("N")));
        var history = new DeploymentHistory(store);
        var ledger = new DeploymentLedger(history, new AuditJournal(store, new SecretMasker()), new AuditActor("tests", "host", null));
        foreach (var (version, sha, status) in deploys)
        {
            var record = ledger.Create(DeploymentKind.Deploy, "staging", null, version, ["application"], "tests") with { ArtifactSha256 = sha };
            ledger.Started(record);
            ledger.Finish(record, status, "done");
        }

        return history;
    }

    public void Dispose() => Directory.Delete(root, recursive: true);
}
