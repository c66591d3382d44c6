using Pipeline.Core.Artifacts;
using Pipeline.Core.Audit;
using Pipeline.Core.Backups;
using Pipeline.Core.Configuration;
using Pipeline.Core.Configuration.Model;
using Pipeline.Core.Database;
using Pipeline.Core.Databases;
using Pipeline.Core.Hosting;

namespace Pipeline.Core.Deployment;

/// <summary>
/// Deploys a verified artifact to a local release server. Until <c>current</c> is switched nothing live
/// changes but the migrations, and a failed migration is undone. After the switch, a failed health check
/// switches back, restores the database backup taken for this deploy if migrations ran (after a safety
/// backup of the state it replaces, so no order is ever lost), restarts the old version and checks it.
/// </summary>
public sealed class DeploymentService(
    ReleaseServer server,
    AppSupervisor supervisor,
    AppEndpoint endpoint,
    IDeployedDatabase database,
    DeploymentHistory history,
    AuditJournal audit,
    AuditActor actor,
    RetentionSettings retention,
    Action<string> progress,
    ISiteComponent? site = null)
{
    public DeployPlan Plan(DeployRequest request, string releaseDirectory)
    {
        var plan = database.Migrator(database.MigrationsIn(releaseDirectory), request.Who).Plan();
        return new DeployPlan(
            request.Settings.Name,
            server.CurrentVersion(),
            request.Artifact.Version,
            server.HasRelease(request.Artifact.Version),
            plan.CurrentVersion,
            plan.Pending.Select(m => $"{m.Version:D4}_{m.Name}").ToList(),
            server.Root,
            endpoint.Url);
    }

    /// <summary>Reads the migrations of the artifact without unpacking it as a release (for --dryrun).</summary>
    public DeployPlan PlanFromArchive(DeployRequest request)
    {
        var scratch = Directory.CreateTempSubdirectory("pipeline-plan-").FullName;
        try
        {
            DeterministicArchive.Extract(request.Artifact.ArchivePath, scratch);
            return Plan(request, scratch);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    public async Task<DeployOutcome> DeployAsync(DeployRequest request, CancellationToken cancellationToken = default)
    {
        var version = request.Artifact.Version;
        var from = server.CurrentVersion();
        var record = new DeploymentRecord
        {
            Id = history.NewId(),
            Kind = request.RollsBack is null ? DeploymentKind.Deploy : DeploymentKind.Rollback,
            RollsBack = request.RollsBack,
            Environment = request.Settings.Name,
            Status = DeploymentStatus.Started,
            FromVersion = from,
            ToVersion = version,
            Components = site is null ? ["application", "database", "config"] : ["application", "database", "config", DeploymentRecord.Web],
            Who = request.Who,
            Started = DateTimeOffset.UtcNow,
        };
        history.Save(record);
        Audit(record, "started");

        // Until the switch only the migrations change anything live, and a failure undoes them.
        var liveSettings = File.Exists(server.SettingsFile) ? File.ReadAllText(server.SettingsFile) : null;
        IReadOnlyList<AppliedMigration> applied = [];
        string? liveSite = null;
        try
        {
            (record, applied, liveSite) = await PrepareReleaseAsync(request, record, from, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            record = history.Find(record.Id) ?? record;
            if (record.BackupId is { } taken && record.MigrationsApplied.Count == 0 && AppliedSince(request, record))
            {
                RestoreDatabase(request, taken);
            }

            return Finish(record with { Reason = ex.Message }, DeploymentStatus.Failed, $"Deploy of {version} failed before the switch: {ex.Message} The live version {from ?? "(none)"} was not touched.");
        }

        try
        {
            await PublishSiteAsync(version, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await RestoreSiteAsync(liveSite, version, cancellationToken).ConfigureAwait(false);
            var restored = applied.Count > 0 ? $" The database was restored from backup {record.BackupId} (its migrated state is kept as backup {RestoreDatabase(request, record.BackupId!)})." : string.Empty;
            return Finish(record with { Reason = ex.Message }, DeploymentStatus.Failed,
                $"Deploy of {version} failed publishing the web front end: {ex.Message} The application was not switched; {from ?? "(none)"} still serves.{restored}");
        }

        HealthResult health;
        try
        {
            WriteRuntimeSettings(request);
            server.SwitchTo(version);
            Step($"switched {server.CurrentLink} to releases/{version}");
            Restart();
            health = await endpoint.CheckAsync(version, () => supervisor.RunningProcess() is null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            health = new HealthResult(false, 0, null, ex.Message);
        }

        if (health.Healthy)
        {
            Step($"{version} is healthy after {health.Attempts} check(s) on {endpoint.Url}");
            return Finish(record, DeploymentStatus.Succeeded, $"Deployed {version} to {request.Settings.Name}; it serves on {endpoint.Url}");
        }

        Step($"{version} is NOT healthy: {health.Detail}");
        try
        {
            await RestoreSiteAsync(liveSite, version, cancellationToken).ConfigureAwait(false);
            return await RollBackFailedDeployAsync(request, record, from, liveSettings, applied.Count > 0, health.Detail, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Finish(record with { Reason = health.Detail }, DeploymentStatus.Failed,
                $"Deploy of {version} failed its health check ({health.Detail}), and putting {from ?? "the previous state"} back failed too: {ex.Message}. Act now: see {supervisor.LogFile}.");
        }
    }

    private async Task<(DeploymentRecord Record, IReadOnlyList<AppliedMigration> Applied, string? LiveSite)> PrepareReleaseAsync(
        DeployRequest request, DeploymentRecord record, string? from, CancellationToken cancellationToken)
    {
        var version = request.Artifact.Version;
        var manifest = ArtifactVerifier.ReadManifest(request.Artifact);
        var digest = FileDigest.Sha256(request.Artifact.ArchivePath);
        if (digest != manifest.Archive.Sha256)
        {
            throw new InvalidOperationException($"{request.Artifact.ArchivePath}: sha256 {digest}, its manifest says {manifest.Archive.Sha256}; refusing to deploy an archive that does not verify.");
        }

        foreach (var leftover in server.RemoveLeftovers())
        {
            Step($"removed {leftover}, left by an interrupted run");
        }

        Step(server.Unpack(request.Artifact.ArchivePath, version, digest)
            ? $"unpacked {request.Artifact.ArchiveName} into {server.ReleasePath(version)}"
            : $"release {version} is already unpacked from the same archive; reusing it");

        var liveSite = await StageSiteAsync(version, cancellationToken).ConfigureAwait(false);
        var migrator = database.Migrator(database.MigrationsIn(server.ReleasePath(version)), request.Who);
        migrator.Plan();
        record = record with { BackupId = request.PreparedBackupId ?? TakeBackup(request, record.Id, from).Id };
        history.Save(record);

        var applied = migrator.Apply(Step);
        record = record with { MigrationsApplied = applied.Select(a => a.Version).ToList() };
        history.Save(record);
        return (record, applied, liveSite);
    }

    // A migration run that failed part-way has applied the ones before the failing one.
    private bool AppliedSince(DeployRequest request, DeploymentRecord record)
    {
        var backup = database.Catalog.Find(record.BackupId!);
        var migrator = database.Migrator(database.MigrationsIn(server.ReleasePath(request.Artifact.Version)), request.Who);
        return backup is not null && database.Exists() && migrator.ReadApplied().Any(a => a.Version > backup.SchemaVersion);
    }

    private async Task<DeployOutcome> RollBackFailedDeployAsync(DeployRequest request, DeploymentRecord record, string? from, string? liveSettings, bool migrationsRan, string why, CancellationToken cancellationToken)
    {
        var version = request.Artifact.Version;
        supervisor.Stop(TimeSpan.FromSeconds(10));
        string? safety = null;
        if (migrationsRan)
        {
            safety = RestoreDatabase(request, record.BackupId!);
        }

        record = record with { SafetyBackupId = safety };
        if (liveSettings is not null)
        {
            AtomicFile.WriteAllText(server.SettingsFile, liveSettings);
        }

        if (from is null)
        {
            return Finish(record with { Reason = why }, DeploymentStatus.Failed, $"Deploy of {version} failed its health check ({why}); there was no earlier version to go back to, so nothing serves.");
        }

        server.SwitchTo(from);
        Step($"switched {server.CurrentLink} back to releases/{from}");
        Restart();
        var health = await endpoint.CheckAsync(from, () => supervisor.RunningProcess() is null, cancellationToken).ConfigureAwait(false);
        var restored = migrationsRan
            ? $" with the database restored from backup {record.BackupId} (what was written since is kept in backup {safety})"
            : string.Empty;
        var summary = health.Healthy
            ? $"Deploy of {version} failed its health check ({why}). Rolled back automatically: {from} serves again on {endpoint.Url}{restored}."
            : $"Deploy of {version} failed its health check ({why}), and {from} did not come back healthy either ({health.Detail}). Act now: see {supervisor.LogFile}.";
        return Finish(record with { Reason = why }, health.Healthy ? DeploymentStatus.RolledBack : DeploymentStatus.Failed, summary);
    }

    // The front end's release is uploaded before anything switches; the live site still serves the old one.
    private async Task<string?> StageSiteAsync(string version, CancellationToken cancellationToken)
    {
        if (site is null)
        {
            return null;
        }

        var live = await site.LiveVersionAsync(cancellationToken).ConfigureAwait(false);
        await site.StageAsync(version, site.SourceIn(server.ReleasePath(version)), cancellationToken).ConfigureAwait(false);
        Step($"staged the web front end of {version} in {site.Description} (live: {live ?? "nothing yet"})");
        return live;
    }

    private async Task PublishSiteAsync(string version, CancellationToken cancellationToken)
    {
        if (site is not null)
        {
            await site.PublishAsync(version, cancellationToken).ConfigureAwait(false);
            Step($"published the web front end of {version} live in {site.Description}");
        }
    }

    // Publishing the previous release again copies inside the bucket only; nothing is uploaded.
    private async Task RestoreSiteAsync(string? liveSite, string failed, CancellationToken cancellationToken)
    {
        if (site is null || liveSite is null || liveSite == failed)
        {
            return;
        }

        try
        {
            await site.PublishAsync(liveSite, cancellationToken).ConfigureAwait(false);
            Step($"published the web front end of {liveSite} live again");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Step($"putting the web front end of {liveSite} back failed: {ex.Message}; publish it with Rollback --component=web --to={liveSite}");
        }
    }

    private BackupManifest TakeBackup(DeployRequest request, string deploymentId, string? live)
    {
        // The first deploy has no database yet: the migrations start from an empty one.
        database.EnsureExists();
        var manifest = database.Backup(new BackupContext(request.Settings.Name, request.Who, live, request.ConfigFile, deploymentId, $"before deploy of {request.Artifact.Version}"));
        Step($"backed up the database as {manifest.Id} ({manifest.Bytes:N0} bytes, schema {manifest.SchemaVersion}, {string.Join(", ", manifest.Tables.Select(t => $"{t.Key} {t.Value}"))})");
        return manifest;
    }

    private string RestoreDatabase(DeployRequest request, string backup)
    {
        var safety = database.Backup(new BackupContext(request.Settings.Name, request.Who, server.CurrentVersion(), null, null, $"safety copy before restoring {backup}"));
        database.Restore(backup);
        Step($"restored the database from backup {backup} (the state it replaced is kept as backup {safety.Id})");
        return safety.Id;
    }

    private void Restart() => supervisor.Restart(endpoint.ListenUrl, Step);

    private void WriteRuntimeSettings(DeployRequest request)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(server.SettingsFile)!);
        AtomicFile.WriteAllText(server.SettingsFile, RuntimeSettingsWriter.Render(request.Settings));
    }

    private DeployOutcome Finish(DeploymentRecord record, DeploymentStatus status, string summary)
    {
        var finished = record with { Status = status, Finished = DateTimeOffset.UtcNow, Reason = status == DeploymentStatus.Succeeded ? null : record.Reason ?? summary };
        history.Save(finished);
        Audit(finished, DeploymentAudit.Outcome(status));
        try
        {
            new Retention(server, database.Catalog, history, retention, Step).Apply();
        }
        catch (IOException ex)
        {
            Step($"clean-up of old releases and backups failed and will be tried on the next deploy: {ex.Message}");
        }

        return new DeployOutcome(finished, status == DeploymentStatus.Succeeded, summary);
    }

    private void Audit(DeploymentRecord record, string outcome) => audit.Append(actor, DeploymentAudit.Entry(record, outcome));

    private void Step(string message) => progress($"deploy: {message}");
}
