using Pipeline.Core.Backups;
using Pipeline.Core.Databases;

namespace Pipeline.Core.Deployment;

/// <summary>
/// Runs the live release's down migrations to a version, only when asked, after a verified safety backup of the
/// state it changes. Recorded as a database rollback; the application release is not switched.
/// </summary>
public sealed class MigrationRollbackService(IDeployedDatabase database, ReleaseServer server, DeploymentLedger ledger, Action<string> progress)
{
    private readonly DeploymentHistory history = ledger.History;

    public DeployOutcome Rollback(string environment, int targetVersion, string who, string? configFile)
    {
        var live = server.CurrentVersion();
        var record = new DeploymentRecord
        {
            Id = history.NewId(),
            Kind = DeploymentKind.Rollback,
            Environment = environment,
            Status = DeploymentStatus.Started,
            FromVersion = live,
            ToVersion = live,
            Components = ["database"],
            Who = who,
            Started = DateTimeOffset.UtcNow,
        };

        var current = database.LiveSchemaVersion();
        if (live is null || targetVersion < 0 || targetVersion >= current)
        {
            var why = live is null
                ? $"nothing is deployed to {environment}, so there are no down migrations to run"
                : $"--migration={targetVersion}: the database is at schema version {current}; expected a lower version to migrate down to (0 to {current - 1})";
            history.Save(record);
            return Finish(record with { Reason = why }, DeploymentStatus.Failed, $"Rollback refused: {why}. Nothing was changed.");
        }

        var safety = database.Backup(new BackupContext(environment, who, live, configFile, record.Id, $"safety copy before migrating down to {targetVersion}"));
        progress($"rollback: backed up {database.Description} as {safety.Id} (schema {safety.SchemaVersion}) before migrating down");
        record = record with { BackupId = safety.Id, SafetyBackupId = safety.Id };
        ledger.Started(record);
        try
        {
            var reverted = database.Migrator(database.MigrationsIn(server.ReleasePath(live)), who).Down(targetVersion, progress);
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
