using Pipeline.Core.Backups;
using Pipeline.Core.Databases;

namespace Pipeline.Core.Deployment;

/// <summary>
/// Runs the live release's down migrations to a version, only when asked, after a verified safety backup of the
/// state it changes. Recorded as a database rollback; the application release is not switched.
/// </summary>
public sealed class MigrationRollbackService(IDeployedDatabase database, Func<string, ReleaseFiles?> releaseFiles, DeploymentLedger ledger, Action<string> progress)
{
    private readonly DeploymentHistory history = ledger.History;

    public DeployOutcome Rollback(string environment, int targetVersion, string who, string? configFile)
    {
        var live = history.LiveVersion();
        var record = ledger.Create(DeploymentKind.Rollback, environment, live, live, ["database"], who);

        var current = database.LiveSchemaVersion();
        if (live is null || targetVersion < 0 || targetVersion >= current)
        {
            var why = live is null
                ? $"nothing is deployed to {environment}, so there are no down migrations to run"
                : $"--migration={targetVersion}: the database is at schema version {current}; expected a lower version to migrate down to (0 to {current - 1})";
            return ledger.Refuse(record, why, $"Rollback refused: {why}. Nothing was changed.");
        }

        using var files = releaseFiles(live);
        if (files is null)
        {
            return ledger.Refuse(record, $"the artifact of the live release {live} cannot be found", $"Rollback refused: the artifact of the live release {live}, which holds its down migrations, cannot be found in the artifact store. Nothing was changed.");
        }

        var safety = database.Backup(new BackupContext(environment, who, live, configFile, record.Id, $"safety copy before migrating down to {targetVersion}"));
        progress($"rollback: backed up {database.Description} as {safety.Id} (schema {safety.SchemaVersion}) before migrating down");
        record = record with { BackupId = safety.Id, SafetyBackupId = safety.Id };
        ledger.Started(record);
        try
        {
            var reverted = database.Migrator(database.MigrationsIn(files.Directory), who).Down(targetVersion, progress);
            return Finish(record, DeploymentStatus.Succeeded,
                $"Migrated {database.Description} down from schema {current} to {targetVersion} (reverted {string.Join(", ", reverted)}); the state before is kept in backup {safety.Id}. Release {live} still runs: roll the application back too if it needs the older schema.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Finish(record with { Reason = ex.Message }, DeploymentStatus.Failed,
                $"Migrating down to {targetVersion} failed: {ex.Message} The state before is kept in backup {safety.Id} (Rollback --component=database --to={safety.Id} restores it).");
        }
    }

    private DeployOutcome Finish(DeploymentRecord record, DeploymentStatus status, string summary) => ledger.Finish(record, status, summary);
}
