using Pipeline.Core.Backups;

namespace Pipeline.Build.Tests.Deploys;

/// <summary>Rollbacks that would not work are refused before anything changes.</summary>
[Collection(DeployTestGroup.Name)]
public sealed class RollbackRulesTests(ReleaseArtifacts artifacts) : IDisposable
{
    private readonly DeployWorkspace workspace = new();

    [Fact]
    public async Task An_application_rollback_across_an_expand_migration_switches_the_app_and_keeps_the_schema_and_every_order()
    {
        artifacts.Install(workspace.Root, ReleaseArtifacts.V1);
        artifacts.Install(workspace.Root, ReleaseArtifacts.V3);
        Assert.Equal(0, workspace.Deploy(ReleaseArtifacts.V1));
        var before = await workspace.PlaceOrderAsync("MSFT", 12, 415m);
        Assert.Equal(0, workspace.Deploy(ReleaseArtifacts.V3));
        var after = await workspace.PlaceOrderAsync("AAPL", 3, 190m);

        workspace.Build.Succeeds("--target=Rollback", "--env=development", "--component=application");

        Assert.Equal(ReleaseArtifacts.V1, await workspace.LiveVersionAsync());
        Assert.Equal(3, SqliteSnapshot.SchemaVersion(workspace.Database));
        Assert.Equal([before, after], await workspace.OrderIdsAsync());
    }

    [Fact]
    public async Task An_application_rollback_across_a_contract_migration_is_refused_and_all_rolls_back_both()
    {
        const string Contract = ReleaseArtifacts.V3;
        artifacts.Install(workspace.Root, ReleaseArtifacts.V1);
        artifacts.InstallChanged(workspace.Root, Contract, ReleaseArtifacts.V3, release =>
            File.WriteAllText(Path.Combine(release, "migrations", "0004_contract_add_marker.up.sql"), "CREATE TABLE contract_marker (id INTEGER);"));
        Assert.Equal(0, workspace.Deploy(ReleaseArtifacts.V1));
        var order = await workspace.PlaceOrderAsync("MSFT", 12, 415m);
        Assert.Equal(0, workspace.Deploy(Contract, "--allow-contract"));

        Assert.NotEqual(0, workspace.Rollback("--component=application"));
        Assert.Contains("past contract migration 0004_contract_add_marker, but release 2026.11.20-aaaaaaa expects 2", workspace.Build.Console.Error);
        Assert.Equal(Contract, await workspace.LiveVersionAsync());

        workspace.Build.Succeeds("--target=Rollback", "--env=development", "--component=all");
        Assert.Equal(ReleaseArtifacts.V1, await workspace.LiveVersionAsync());
        Assert.Equal(2, SqliteSnapshot.SchemaVersion(workspace.Database));
        Assert.Equal([order], await workspace.OrderIdsAsync());
    }

    [Fact]
    public async Task Rolling_back_twice_does_not_bounce_back_to_the_release_just_left()
    {
        artifacts.Install(workspace.Root, ReleaseArtifacts.V1);
        artifacts.Install(workspace.Root, ReleaseArtifacts.V2);
        Assert.Equal(0, workspace.Deploy(ReleaseArtifacts.V1));
        Assert.Equal(0, workspace.Deploy(ReleaseArtifacts.V2));
        workspace.Build.Succeeds("--target=Rollback", "--env=development");

        Assert.NotEqual(0, workspace.Rollback());

        Assert.Contains("no earlier successful deploy", workspace.Build.Console.Error);
        Assert.Equal(ReleaseArtifacts.V1, await workspace.LiveVersionAsync());
    }

    [Fact]
    public async Task A_version_deployed_again_from_a_different_archive_is_refused()
    {
        artifacts.Install(workspace.Root, ReleaseArtifacts.V1);
        Assert.Equal(0, workspace.Deploy(ReleaseArtifacts.V1));
        artifacts.InstallBroken(workspace.Root, ReleaseArtifacts.V1, withMigration: false);

        Assert.NotEqual(0, workspace.Deploy(ReleaseArtifacts.V1));

        Assert.Contains("was unpacked from another archive", workspace.Build.Console.Error);
        Assert.Equal(ReleaseArtifacts.V1, await workspace.LiveVersionAsync());
    }

    [Theory]
    [InlineData("../../etc")]
    [InlineData("/tmp")]
    public async Task A_rollback_target_that_is_not_a_version_is_refused(string to)
    {
        artifacts.Install(workspace.Root, ReleaseArtifacts.V1);
        Assert.Equal(0, workspace.Deploy(ReleaseArtifacts.V1));

        Assert.NotEqual(0, workspace.Rollback($"--to={to}"));

        Assert.Contains("--to:", workspace.Build.Console.Error);
        Assert.Equal(ReleaseArtifacts.V1, workspace.Server.CurrentVersion());
        Assert.Equal(ReleaseArtifacts.V1, await workspace.LiveVersionAsync());
    }

    public void Dispose() => workspace.Dispose();
}
