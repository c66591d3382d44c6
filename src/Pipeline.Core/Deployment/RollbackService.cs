using Pipeline.Core.Audit;
using Pipeline.Core.Backups;
using Pipeline.Core.Configuration;
using Pipeline.Core.Database;

namespace Pipeline.Core.Deployment;

/// <summary>
/// Rolls back the application (switch to a kept release), the database (restore a verified backup after a
/// safety backup) or the configuration (restore a snapshot after validating it), or all three. Targets come
/// from the recorded history; every rollback is recorded as a deployment of its own, linked to the one it undoes.
/// </summary>
public sealed class RollbackService(
    ReleaseServer server,
    AppSupervisor supervisor,
    AppEndpoint endpoint,
    SqliteBackupService backups,
    DeploymentHistory history,
    AuditJournal audit,
    AuditActor actor,
    Action<string> progress)
{
    public async Task<DeployOutcome> RollbackAsync(RollbackRequest request, CancellationToken cancellationToken = default)
    {
        var live = history.Successful() is [var newest, ..] ? newest : null;
        var from = server.CurrentVersion();
        var includesApp = request.Component is RollbackComponent.Application or RollbackComponent.All;
        var toVersion = includesApp ? ApplicationTarget(request) : from;
        var backupId = request.Component is RollbackComponent.Database or RollbackComponent.Config or RollbackComponent.All
            ? BackupTarget(request, live)
            : null;

        var record = new DeploymentRecord
        {
            Id = history.NewId(),
            Kind = DeploymentKind.Rollback,
            Environment = request.Settings.Name,
            Status = DeploymentStatus.Started,
            FromVersion = from,
            ToVersion = toVersion,
            Components = Components(request.Component),
            BackupId = backupId,
            RollsBack = live?.Id,
            Who = request.Who,
            Started = DateTimeOffset.UtcNow,
        };
        history.Save(record);
        Audit(record, "started");

        try
        {
            if (request.Component is RollbackComponent.Config or RollbackComponent.All)
            {
                RestoreConfig(request, backupId!);
            }

            if (request.Component is RollbackComponent.Database or RollbackComponent.All)
            {
                RestoreDatabase(request, backupId!, toVersion);
            }

            if (includesApp && toVersion != from)
            {
                server.SwitchTo(toVersion!);
                Step($"switched {server.CurrentLink} to releases/{toVersion}");
            }
        }
        catch (Exception ex) when (ex is BackupException or ConfigurationException or MigrationException)
        {
            return Finish(record with { Reason = ex.Message }, DeploymentStatus.Failed, $"Rollback refused: {ex.Message}");
        }

        Restart();
        var health = await endpoint.CheckAsync(toVersion!, () => supervisor.RunningProcess() is null, cancellationToken).ConfigureAwait(false);
        if (health.Healthy)
        {
            return Finish(record, DeploymentStatus.Succeeded, $"Rolled back {string.Join(", ", record.Components)} of {request.Settings.Name}: {toVersion} serves on {endpoint.Url} (healthy after {health.Attempts} check(s)).");
        }

        if (includesApp && from is not null && toVersion != from)
        {
            server.SwitchTo(from);
            Restart();
            Step($"{toVersion} was not healthy ({health.Detail}); switched back to {from}");
        }

        return Finish(record with { Reason = health.Detail }, DeploymentStatus.Failed, $"Rollback to {toVersion} failed its health check: {health.Detail}.");
    }

    private string ApplicationTarget(RollbackRequest request)
    {
        var target = request.To is { Length: > 0 } && request.Component != RollbackComponent.All
            ? request.To
            : history.PreviousVersion() ?? throw new ConfigurationException(
                $"--to: there is no earlier successful deploy of {request.Settings.Name} in the history; name a version with --to=<version>.");
        if (!server.HasRelease(target))
        {
            throw new ReleaseNotKeptException(target, $"Release {target} is no longer kept in {server.Releases}.");
        }

        return target;
    }

    private string BackupTarget(RollbackRequest request, DeploymentRecord? live)
    {
        if (request.To is { Length: > 0 } && request.Component != RollbackComponent.All)
        {
            return request.To;
        }

        return live?.BackupId ?? throw new ConfigurationException(
            $"--to: the live deploy of {request.Settings.Name} recorded no backup; name one with --to=<backup id> (BackupList shows them).");
    }

    private void RestoreDatabase(RollbackRequest request, string backupId, string? release)
    {
        var manifest = backups.Find(backupId) ?? throw new BackupException($"no backup \"{backupId}\" in the state store; BackupList shows the backups there. Nothing was changed.");
        var scratch = Path.Combine(Path.GetTempPath(), $"pipeline-verify-{Guid.NewGuid():N}.sqlite");
        try
        {
            var problems = backups.Verify(backupId, scratch);
            if (problems.Count > 0)
            {
                throw new BackupException($"Refusing to restore: {string.Join("; ", problems)}. Nothing was changed.");
            }
        }
        finally
        {
            File.Delete(scratch);
        }

        if (release is not null)
        {
            var expected = MigrationFile.ReadAll(Path.Combine(server.ReleasePath(release), "migrations")) is [.., var last] ? last.Version : 0;
            if (manifest.SchemaVersion != expected)
            {
                throw new BackupException(
                    $"backup {backupId} has schema version {manifest.SchemaVersion}, but release {release} expects {expected}; roll back the application with it (--component=all), or choose a backup of schema {expected}. Nothing was changed.");
            }
        }

        var database = Path.Combine(server.DataDirectory, request.Settings.Database.Path!);
        var safety = backups.Backup(database, new BackupContext(request.Settings.Name, request.Who, server.CurrentVersion(), request.ConfigFile, null, $"safety copy before rollback to backup {backupId}"));
        backups.Restore(backupId, database);
        Step($"restored the database from backup {backupId} (the state it replaced is kept as backup {safety.Id})");
    }

    private void RestoreConfig(RollbackRequest request, string backupId)
    {
        var scratch = Path.Combine(Path.GetTempPath(), $"pipeline-config-{Guid.NewGuid():N}.json");
        try
        {
            if (!backups.DownloadConfig(backupId, scratch))
            {
                throw new BackupException($"backup {backupId} holds no configuration snapshot. Nothing was changed.");
            }

            var text = File.ReadAllText(scratch);
            var settings = EnvironmentLoader.Parse(text, request.Settings.Name, $"configuration snapshot in backup {backupId}");
            new ConfigBackupStore(request.ConfigBackups, new EnvironmentCatalog(Path.GetDirectoryName(request.ConfigFile)!)).Backup(request.Settings.Name, $"before config rollback to {backupId}");
            AtomicFile.WriteAllText(request.ConfigFile, text);
            AtomicFile.WriteAllText(server.SettingsFile, RuntimeSettingsWriter.Render(settings));
            Step($"restored the configuration of {request.Settings.Name} from backup {backupId} and regenerated {server.SettingsFile}");
        }
        finally
        {
            File.Delete(scratch);
        }
    }

    private void Restart() => supervisor.Restart(endpoint.ListenUrl, Step);

    private DeployOutcome Finish(DeploymentRecord record, DeploymentStatus status, string summary)
    {
        var finished = record with { Status = status, Finished = DateTimeOffset.UtcNow };
        history.Save(finished);
        Audit(finished, status == DeploymentStatus.Succeeded ? "succeeded" : "failed");
        return new DeployOutcome(finished, status == DeploymentStatus.Succeeded, summary);
    }

    private void Audit(DeploymentRecord record, string outcome) =>
        audit.Append(actor, new AuditEntry("rollback", record.Environment, outcome, record.FromVersion, record.ToVersion, record.Components,
            record.BackupId is null ? [] : [record.BackupId], record.Reason, record.Id));

    private static IReadOnlyList<string> Components(RollbackComponent component) => component switch
    {
        RollbackComponent.All => ["application", "database", "config"],
        _ => [component.ToString().ToLowerInvariant()],
    };

    private void Step(string message) => progress($"rollback: {message}");
}
