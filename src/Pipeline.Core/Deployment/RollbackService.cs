using Pipeline.Core.Artifacts;
using Pipeline.Core.Audit;
using Pipeline.Core.Backups;
using Pipeline.Core.Configuration;
using Pipeline.Core.Database;
using Pipeline.Core.Databases;
using Pipeline.Core.Hosting;

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
    IDeployedDatabase database,
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
        var includesDatabase = request.Component is RollbackComponent.Database or RollbackComponent.All;
        var includesConfig = request.Component is RollbackComponent.Config or RollbackComponent.All;
        var record = new DeploymentRecord
        {
            Id = history.NewId(),
            Kind = DeploymentKind.Rollback,
            Environment = request.Settings.Name,
            Status = DeploymentStatus.Started,
            FromVersion = from,
            ToVersion = from,
            Components = Components(request.Component),
            RollsBack = live?.Id,
            Who = request.Who,
            Started = DateTimeOffset.UtcNow,
        };

        // Every check runs before anything changes, so a refused rollback has changed nothing.
        string? toVersion;
        string? backupId;
        string? config;
        try
        {
            toVersion = includesApp ? ApplicationTarget(request) : from;
            backupId = includesDatabase || includesConfig ? BackupTarget(request) : null;
            var release = toVersion ?? throw new ConfigurationException($"Nothing is deployed to {request.Settings.Name}; there is nothing to roll back.");
            if (includesDatabase)
            {
                VerifyBackupFits(backupId!, release);
            }
            else
            {
                RequireLiveSchemaFits(request, release);
            }

            config = includesConfig ? ReadConfigSnapshot(request, backupId!) : null;
        }
        catch (ReleaseNotKeptException)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            history.Save(record);
            return Finish(record with { Reason = ex.Message }, DeploymentStatus.Failed, $"Rollback refused: {ex.Message}");
        }

        record = record with { ToVersion = toVersion, BackupId = backupId };
        history.Save(record);
        Audit(record, "started");

        HealthResult health;
        try
        {
            if (config is not null)
            {
                ApplyConfig(request, backupId!, config);
            }

            if (includesDatabase)
            {
                record = record with { SafetyBackupId = RestoreDatabase(request, backupId!) };
            }

            if (includesApp && toVersion != from)
            {
                server.SwitchTo(toVersion!);
                Step($"switched {server.CurrentLink} to releases/{toVersion}");
            }

            Restart();
            health = await endpoint.CheckAsync(toVersion!, () => supervisor.RunningProcess() is null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            health = new HealthResult(false, 0, null, ex.Message);
        }

        if (health.Healthy)
        {
            return Finish(record, DeploymentStatus.Succeeded, $"Rolled back {string.Join(", ", record.Components)} of {request.Settings.Name}: {toVersion} serves on {endpoint.Url} (healthy after {health.Attempts} check(s)).");
        }

        var undone = string.Empty;
        if (includesApp && from is not null && toVersion != from)
        {
            server.SwitchTo(from);
            Restart();
            undone = $" Switched back to {from}.";
        }

        var kept = record.SafetyBackupId is null ? string.Empty : $" The database state it replaced is in backup {record.SafetyBackupId}.";
        return Finish(record with { Reason = health.Detail }, DeploymentStatus.Failed, $"Rollback to {toVersion} failed its health check: {health.Detail}.{undone}{kept}");
    }

    private string ApplicationTarget(RollbackRequest request)
    {
        if (request.Component == RollbackComponent.All && request.To is { Length: > 0 })
        {
            throw new ConfigurationException("--to: with --component=all the targets come from the history (the previous release and the backup its successor took); roll back the components one by one to choose them.");
        }

        var target = request.To is { Length: > 0 }
            ? BuildVersion.ValidateOverride(request.To, "--to")
            : history.PreviousVersion() ?? throw new ConfigurationException(
                $"--to: there is no earlier successful deploy of {request.Settings.Name} in the history; name a version with --to=<version>.");
        return server.KeptVersions().Contains(target)
            ? target
            : throw new ReleaseNotKeptException(target, $"Release {target} is no longer kept in {server.Releases}.");
    }

    private string BackupTarget(RollbackRequest request)
    {
        if (request.To is { Length: > 0 } && request.Component != RollbackComponent.All)
        {
            return request.To;
        }

        return history.Successful().Select(r => r.BackupId).OfType<string>().FirstOrDefault() ?? throw new ConfigurationException(
            $"--to: no successful deploy of {request.Settings.Name} recorded a backup; name one with --to=<backup id> (BackupList shows them).");
    }

    private int ExpectedSchema(string release)
    {
        var migrations = database.MigrationsIn(server.ReleasePath(release));
        return Directory.Exists(migrations) && MigrationFile.ReadAll(migrations) is [.., var last] ? last.Version : 0;
    }

    private void VerifyBackupFits(string backupId, string release)
    {
        var manifest = database.Catalog.Require(backupId);
        var problems = database.Verify(backupId);
        if (problems.Count > 0)
        {
            throw new BackupException($"Refusing to restore: {string.Join("; ", problems)}. Nothing was changed.");
        }

        var expected = ExpectedSchema(release);
        if (manifest.SchemaVersion != expected)
        {
            throw new BackupException(
                $"backup {backupId} has schema version {manifest.SchemaVersion}, but release {release} expects {expected}; roll back the application with it (--component=all), or choose a backup of schema {expected}. Nothing was changed.");
        }
    }

    private void RequireLiveSchemaFits(RollbackRequest request, string release)
    {
        var live = database.LiveSchemaVersion();
        var expected = ExpectedSchema(release);
        if (live != expected)
        {
            throw new BackupException(
                $"the database is at schema version {live}, but release {release} expects {expected}, so it would refuse to start; roll back the database with it (--component=all). Nothing was changed.");
        }
    }

    private string RestoreDatabase(RollbackRequest request, string backupId)
    {
        var safety = database.Backup(new BackupContext(request.Settings.Name, request.Who, server.CurrentVersion(), request.ConfigFile, null, $"safety copy before rollback to backup {backupId}"));
        database.Restore(backupId);
        Step($"restored the database from backup {backupId} (the state it replaced is kept as backup {safety.Id})");
        return safety.Id;
    }

    private string ReadConfigSnapshot(RollbackRequest request, string backupId)
    {
        var scratch = Path.Combine(Path.GetTempPath(), $"pipeline-config-{Guid.NewGuid():N}.json");
        try
        {
            if (!database.Catalog.DownloadConfig(backupId, scratch))
            {
                throw new BackupException($"backup {backupId} holds no configuration snapshot. Nothing was changed.");
            }

            var text = File.ReadAllText(scratch);
            EnvironmentLoader.Parse(text, request.Settings.Name, $"configuration snapshot in backup {backupId}");
            return text;
        }
        finally
        {
            File.Delete(scratch);
        }
    }

    private void ApplyConfig(RollbackRequest request, string backupId, string text)
    {
        var settings = EnvironmentLoader.Parse(text, request.Settings.Name, $"configuration snapshot in backup {backupId}");
        new ConfigBackupStore(request.ConfigBackups, new EnvironmentCatalog(Path.GetDirectoryName(request.ConfigFile)!)).Backup(request.Settings.Name, $"before config rollback to {backupId}");
        AtomicFile.WriteAllText(request.ConfigFile, text);
        AtomicFile.WriteAllText(server.SettingsFile, RuntimeSettingsWriter.Render(settings));
        Step($"restored the configuration of {request.Settings.Name} from backup {backupId} and regenerated {server.SettingsFile}");
    }

    private void Restart() => supervisor.Restart(endpoint.ListenUrl, Step);

    private DeployOutcome Finish(DeploymentRecord record, DeploymentStatus status, string summary) => new DeploymentLedger(history, audit, actor).Finish(record, status, summary);

    private void Audit(DeploymentRecord record, string outcome) => audit.Append(actor, DeploymentAudit.Entry(record, outcome));

    private static IReadOnlyList<string> Components(RollbackComponent component) => component switch
    {
        RollbackComponent.All => ["application", "database", "config"],
        _ => [component.ToString().ToLowerInvariant()],
    };

    private void Step(string message) => progress($"rollback: {message}");
}
