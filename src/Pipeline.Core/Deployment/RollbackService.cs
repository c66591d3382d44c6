using Pipeline.Core.Artifacts;
using Pipeline.Core.Backups;
using Pipeline.Core.Configuration;
using Pipeline.Core.Database;
using Pipeline.Core.Databases;
using Pipeline.Core.Databases.Reconciliation;
using Pipeline.Core.Deployment.Planning;
using Pipeline.Core.Hosting;
using Pipeline.Core.Targets;

namespace Pipeline.Core.Deployment;

/// <summary>
/// Rolls back the application (a cut-over of every target to a kept release, with the environment's strategy), the
/// database (writes stopped, a safety backup, every row written since the backup saved to a reconciliation file, the
/// verified backup restored, id counters kept above every id issued, writes let go on) or the configuration (restore a snapshot after
/// validating it), or all three. Targets come from the recorded history; every check runs before anything changes,
/// and every rollback is recorded as a deployment of its own, linked to the one it undoes. A release's files (its
/// migrations) come from its artifact; the lookup returns null when it cannot be found.
/// </summary>
public sealed class RollbackService(DeployEnvironment environment, Func<string, ReleaseFiles?> releaseFiles, Action<string> progress)
{
    /// <summary>How long the freeze waits for writes in progress before it gives up and changes nothing.</summary>
    public TimeSpan FreezeWait { get; init; } = TimeSpan.FromSeconds(30);

    private readonly IDeployedDatabase database = environment.Database;
    private readonly DeploymentHistory history = environment.History;
    private readonly DeploymentLedger ledger = environment.Ledger;

    /// <summary>The plan of <paramref name="request"/>, as --dryrun prints it and <see cref="RollbackAsync"/> runs it; throws when it would be refused.</summary>
    public async Task<OperationPlan> PlanAsync(RollbackRequest request, CancellationToken cancellationToken = default) =>
        (await DecideAsync(request, cancellationToken).ConfigureAwait(false)).Plan;

    public async Task<DeployOutcome> RollbackAsync(RollbackRequest request, CancellationToken cancellationToken = default)
    {
        var from = history.LiveVersion();
        var record = ledger.Create(DeploymentKind.Rollback, environment.Name, from, from, Components(request.Component), request.Who, history.Successful() is [var newest, ..] ? newest.Id : null)
            with
        { Strategy = environment.StrategyName };

        // Every check runs before anything changes, so a refused rollback has changed nothing.
        Decision decision;
        try
        {
            decision = await DecideAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (ReleaseNotKeptException)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ledger.Refuse(record, ex.Message, $"Rollback refused: {ex.Message}");
        }

        record = record with { ToVersion = decision.ToVersion, BackupId = decision.BackupId };
        ledger.Started(record);
        var moved = new List<(IDeployTarget Target, string? From)>();
        using var writes = new FrozenRestore(database, history, environment.Name, Step);
        string? failure = null;
        var steps = decision.Plan.Steps;
        for (var i = 0; i < steps.Count && failure is null; i++)
        {
            Step(steps[i].Heading(i + 1, steps.Count));
            try
            {
                switch (steps[i].Kind)
                {
                    case StepKind.VerifyRelease:
                        break;
                    case StepKind.RestoreConfig:
                        await ApplyConfigAsync(request, decision, cancellationToken).ConfigureAwait(false);
                        break;
                    case StepKind.FreezeWrites:
                        writes.Freeze($"rollback {record.Id} restores backup {decision.BackupId}", FreezeWait);
                        break;
                    case StepKind.SaveReconciliation:
                        record = writes.Save(record, decision.BackupId!);
                        ledger.Update(record);
                        break;
                    case StepKind.KeepIds:
                        writes.KeepIds();
                        break;
                    case StepKind.LiftFreeze:
                        writes.Lift();
                        break;
                    case StepKind.CheckHealth:
                        failure = await CheckHealthAsync(steps[i], decision.ToVersion!, cancellationToken).ConfigureAwait(false);
                        break;
                    case StepKind.SafetyBackup:
                        record = record with { SafetyBackupId = SafetyBackup(request, decision.BackupId!) };
                        ledger.Update(record);
                        break;
                    case StepKind.RestoreDatabase:
                        writes.Restore(decision.BackupId!);
                        Step($"restored the database from backup {decision.BackupId} (the state it replaced is kept as backup {record.SafetyBackupId})");
                        break;
                    case StepKind.SwitchTraffic:
                        record = await decision.Colours!.SwitchAsync(steps[i], record, decision.Cold is null, ledger, cancellationToken).ConfigureAwait(false);
                        break;
                    case StepKind.CutOver or StepKind.Restart:
                        (record, failure) = await CutOverAsync(steps[i], decision.ToVersion, record, moved, cancellationToken).ConfigureAwait(false);
                        break;
                    default:
                        throw new InvalidOperationException($"a rollback has no step {steps[i].Name}");
                }
            }
            catch (OperationCanceledException)
            {
                writes.EndAfterFailure();
                throw;
            }
            catch (Exception ex)
            {
                failure = ex.Message;
            }
        }

        var reconciled = record.ReconciliationFile is null ? string.Empty : $" {record.ReconciledRows} row(s) written since backup {decision.BackupId} are saved in {record.ReconciliationFile}.";
        if (failure is null)
        {
            return ledger.Finish(record, DeploymentStatus.Succeeded,
                $"Rolled back {string.Join(", ", record.Components)} of {environment.Name}: {decision.ToVersion} serves on {string.Join(", ", environment.Targets.Select(t => t.Url))}.{reconciled}");
        }

        var freeze = writes.EndAfterFailure();
        var undone = await PutBackAsync(moved, decision.ToVersion, cancellationToken).ConfigureAwait(false);
        var kept = record.SafetyBackupId is null ? string.Empty : $" The database state it replaced is in backup {record.SafetyBackupId}.";
        return ledger.Finish(record with { Reason = failure }, DeploymentStatus.Failed, $"Rollback to {decision.ToVersion} failed: {failure}.{undone}{kept}{reconciled}{freeze}");
    }

    private async Task<Decision> DecideAsync(RollbackRequest request, CancellationToken cancellationToken)
    {
        var includesApp = request.Component is RollbackComponent.Application or RollbackComponent.All;
        var includesDatabase = request.Component is RollbackComponent.Database or RollbackComponent.All;
        var includesConfig = request.Component is RollbackComponent.Config or RollbackComponent.All;
        var live = history.LiveVersion();
        var toVersion = includesApp ? await ApplicationTargetAsync(request, cancellationToken).ConfigureAwait(false) : live;
        var colours = includesApp ? BlueGreen() : null;
        // Blue/green: whether the idle colour still serves the release is asked at its addresses while the schema is checked.
        var cold = colours?.Colours.NotWarmFor(toVersion!, DateTimeOffset.UtcNow, ColourRetirement.Margin);
        var probe = colours is not null && cold is null ? colours.ProbeAsync(toVersion!, cancellationToken) : null;
        if (includesApp && (colours is null || cold is not null))
        {
            await RequireKeptAsync(toVersion!, colours?.Colours, cancellationToken).ConfigureAwait(false);
        }

        var backupId = includesDatabase || includesConfig ? BackupTarget(request) : null;
        var release = toVersion ?? throw new ConfigurationException($"Nothing is deployed to {environment.Name}; there is nothing to roll back.");
        if (includesDatabase)
        {
            VerifyBackupFits(backupId!, release);
        }
        else if (includesApp)
        {
            RequireLiveSchemaFits(release);
        }

        if (probe is not null && await probe.ConfigureAwait(false) is { } notServing)
        {
            cold = notServing;
            await RequireKeptAsync(release, colours!.Colours, cancellationToken).ConfigureAwait(false);
        }

        var config = includesConfig ? ReadConfigSnapshot(request, backupId!) : null;
        var steps = new List<PlanStep>();
        var names = environment.Targets.Select(t => t.Name).ToList();
        if (includesApp)
        {
            steps.Add(colours is not null && cold is null
                ? new PlanStep(StepKind.VerifyRelease, colours.Colours.IdleTargets, $"{colours.Colours.Idle} answers at its own addresses: healthy, /version {release}, GET /{IdleSmoke.Path}; nothing is uploaded, restarted or rebuilt")
                : new PlanStep(StepKind.VerifyRelease, names, $"release {release} is kept on every target; nothing is uploaded or rebuilt"));
        }

        if (config is not null)
        {
            steps.Add(new PlanStep(StepKind.RestoreConfig, $"restore the configuration snapshot of backup {backupId} (validated) over {request.ConfigFile}, after a backup of the current file, and write the settings to every target"));
        }

        if (includesDatabase)
        {
            var backup = database.Catalog.Require(backupId!);
            FrozenRestore.WritesOf(database);
            steps.Add(new PlanStep(StepKind.FreezeWrites, $"stop writes to {database.Description} on every host (the app answers them 503 with Retry-After; reads go on), waiting at most {FreezeWait.TotalSeconds:0} s for writes in progress; if writes cannot be stopped, nothing changes"));
            steps.Add(new PlanStep(StepKind.SafetyBackup, $"back up {database.Description} as it is now"));
            steps.Add(new PlanStep(StepKind.SaveReconciliation, $"save every row written since backup {backupId} ({HighWaterMarksOf(backup)}) to {history.Store.Location}/{WrittenSinceBackup.KeyOf(environment.Name, "<rollback id>")}"));
            steps.Add(new PlanStep(StepKind.RestoreDatabase, $"restore backup {backupId} (verified, schema {backup.SchemaVersion}) into {database.Description}"));
            steps.Add(new PlanStep(StepKind.KeepIds, "raise every id counter above the highest id issued before the restore, so no id is given to two orders"));
            steps.Add(new PlanStep(StepKind.LiftFreeze, "let writes go on"));
        }

        if (colours is not null)
        {
            steps.AddRange(colours.Steps(release, cold));
            return new Decision(toVersion, backupId, config, new OperationPlan(environment.Name, live, toVersion, environment.StrategyName, steps)) { Colours = colours, Cold = cold };
        }

        foreach (var batch in Colours is { Live: not null } serving ? [environment.Targets.Where(t => serving.LiveTargets.Contains(t.Name)).ToList()] : CutOverBatches.Of(environment.Strategy, environment.Targets))
        {
            var batchNames = batch.Select(t => t.Name).ToList();
            steps.Add(includesApp
                ? new PlanStep(StepKind.CutOver, batchNames, $"switch to {release}, restart, and check it is healthy and serves {release}; on failure switch back")
                : config is null
                    ? new PlanStep(StepKind.CheckHealth, batchNames, $"check {release} is healthy on the restored database (it keeps serving; nothing is restarted)")
                    : new PlanStep(StepKind.Restart, batchNames, $"restart {release} and check it is healthy"));
        }

        return new Decision(toVersion, backupId, config, new OperationPlan(environment.Name, live, toVersion, environment.StrategyName, steps));
    }

    private static string HighWaterMarksOf(BackupManifest backup) => backup.HighWaterMarks is { } marks
        ? $"ids above {string.Join(", ", marks.Select(m => $"{m.Key} {m.Value}"))}"
        : "it records no high-water mark, so every row of each table is saved";

    private async Task<string?> CheckHealthAsync(PlanStep step, string version, CancellationToken cancellationToken)
    {
        foreach (var target in environment.Targets.Where(t => step.Targets.Contains(t.Name)))
        {
            var health = await target.CheckHealthAsync(version, cancellationToken).ConfigureAwait(false);
            if (!health.Healthy)
            {
                return $"{target.Name}: {health.Detail}";
            }

            Step($"{version} is healthy on {target.Name} after {health.Attempts} check(s)");
        }

        return null;
    }

    private async Task<string> ApplicationTargetAsync(RollbackRequest request, CancellationToken cancellationToken)
    {
        if (request.Component == RollbackComponent.All && request.To is { Length: > 0 })
        {
            throw new ConfigurationException("--to: with --component=all the targets come from the history (the previous release and the backup its successor took); roll back the components one by one to choose them.");
        }

        return request.To is { Length: > 0 }
            ? BuildVersion.ValidateOverride(request.To, "--to")
            : history.PreviousVersion() ?? throw new ConfigurationException(
                $"--to: there is no earlier successful deploy of {environment.Name} in the history; name a version with --to=<version>.");
    }

    // Blue/green runs the rollback on the idle colour only, so only it must keep the release.
    private async Task RequireKeptAsync(string release, BlueGreenColours? colours, CancellationToken cancellationToken)
    {
        foreach (var deployTarget in environment.Targets.Where(t => colours is null || colours.IdleTargets.Contains(t.Name)))
        {
            if (!(await deployTarget.KeptVersionsAsync(cancellationToken).ConfigureAwait(false)).Contains(release))
            {
                throw new ReleaseNotKeptException(release, $"Release {release} is no longer kept on {deployTarget.Description}.");
            }
        }
    }

    private string BackupTarget(RollbackRequest request)
    {
        if (request.To is { Length: > 0 } && request.Component != RollbackComponent.All)
        {
            return request.To;
        }

        return history.Successful().Select(r => r.BackupId).OfType<string>().FirstOrDefault() ?? throw new ConfigurationException(
            $"--to: no successful deploy of {environment.Name} recorded a backup; name one with --to=<backup id> (BackupList shows them).");
    }

    /// <summary>
    /// The paths of a release's files as its manifest lists them, or null when it cannot be found; when set, the schema
    /// a release expects is read from it, without fetching and extracting the artifact.
    /// </summary>
    public Func<string, IReadOnlyList<string>?>? ReleasePaths { get; init; }

    private int ExpectedSchema(string release)
    {
        if (ReleasePaths?.Invoke(release) is { } paths)
        {
            var folder = database.MigrationsIn(string.Empty).Replace('\\', '/') + "/";
            return paths.Where(p => p.StartsWith(folder, StringComparison.Ordinal) && !p[folder.Length..].Contains('/', StringComparison.Ordinal))
                .Select(p => MigrationFile.UpVersion(p[folder.Length..])).OfType<int>().DefaultIfEmpty(0).Max();
        }

        using var files = releaseFiles(release) ?? throw new ConfigurationException(
            $"the artifact of release {release} cannot be found, so the schema it expects is unknown; publish it again (Build --app-version={release}). Nothing was changed.");
        var migrations = database.MigrationsIn(files.Directory);
        return System.IO.Directory.Exists(migrations) && MigrationFile.ReadAll(migrations) is [.., var last] ? last.Version : 0;
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

    // A release runs on its own schema and on newer ones reached by expand migrations only (expand/contract).
    private void RequireLiveSchemaFits(string release)
    {
        var live = database.LiveSchemaVersion();
        var expected = ExpectedSchema(release);
        var contract = live > expected
            ? database.Migrator(string.Empty, "rollback").ReadApplied().Where(a => a.Version > expected && MigrationFile.IsContractName(a.Name)).Select(a => $"{a.Version:D4}_{a.Name}").FirstOrDefault()
            : null;
        if (live < expected || contract is not null)
        {
            throw new BackupException(
                $"the database is at schema version {live}{(contract is null ? string.Empty : $" past contract migration {contract}")}, but release {release} expects {expected}, so it would refuse to start; roll back the database with it (--component=all). Nothing was changed.");
        }
    }

    private string SafetyBackup(RollbackRequest request, string backupId)
    {
        var safety = database.Backup(new BackupContext(environment.Name, request.Who, history.LiveVersion(), request.ConfigFile, null, $"safety copy before rollback to backup {backupId}"));
        Step($"backed up {database.Description} as {safety.Id} before restoring");
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
            EnvironmentLoader.Parse(text, environment.Name, $"configuration snapshot in backup {backupId}");
            return text;
        }
        finally
        {
            File.Delete(scratch);
        }
    }

    private async Task ApplyConfigAsync(RollbackRequest request, Decision decision, CancellationToken cancellationToken)
    {
        var settings = EnvironmentLoader.Parse(decision.Config!, environment.Name, $"configuration snapshot in backup {decision.BackupId}");
        new ConfigBackupStore(request.ConfigBackups, new EnvironmentCatalog(Path.GetDirectoryName(request.ConfigFile)!)).Backup(environment.Name, $"before config rollback to {decision.BackupId}");
        AtomicFile.WriteAllText(request.ConfigFile, decision.Config!);
        var rendered = RuntimeSettingsWriter.Render(settings);
        foreach (var target in environment.Targets)
        {
            await target.WriteSettingsAsync(rendered, cancellationToken).ConfigureAwait(false);
        }

        Step($"restored the configuration of {environment.Name} from backup {decision.BackupId} and wrote the settings to {string.Join(", ", environment.Targets.Select(t => t.Name))}");
    }

    private async Task<(DeploymentRecord Record, string? Failure)> CutOverAsync(PlanStep step, string? version, DeploymentRecord record, List<(IDeployTarget Target, string? From)> moved, CancellationToken cancellationToken)
    {
        foreach (var target in environment.Targets.Where(t => step.Targets.Contains(t.Name)))
        {
            var from = await target.LiveVersionAsync(cancellationToken).ConfigureAwait(false);
            moved.Add((target, from));
            HealthResult health;
            try
            {
                if (BlueGreen() is { } colours)
                {
                    await colours.StopExpiredAsync(target, cancellationToken).ConfigureAwait(false);
                }
                else if (Draining is { } routing)
                {
                    await routing.DrainAsync(target.Name, Step, cancellationToken).ConfigureAwait(false);
                }

                await target.ActivateAsync(version!, Step, cancellationToken).ConfigureAwait(false);
                health = await target.CheckHealthAsync(version!, cancellationToken).ConfigureAwait(false);
                if (health.Healthy && Colours is null && Draining is { } admitting)
                {
                    await admitting.AdmitAsync(target.Name, Step, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                health = new HealthResult(false, 0, null, ex.Message);
            }

            record = record with { Targets = [.. record.Targets, new TargetOutcome(target.Name, from, version, health.Healthy ? "healthy" : "unhealthy", health.Healthy ? null : health.Detail)] };
            ledger.Update(record);
            if (!health.Healthy)
            {
                return (record, health.Detail);
            }

            Step($"{version} is healthy on {target.Name} after {health.Attempts} check(s)");
        }

        return (record, null);
    }

    private async Task<string> PutBackAsync(List<(IDeployTarget Target, string? From)> moved, string? version, CancellationToken cancellationToken)
    {
        var undone = new List<string>();
        foreach (var (target, from) in moved.Where(m => m.From is not null && m.From != version))
        {
            await target.ActivateAsync(from!, Step, cancellationToken).ConfigureAwait(false);
            undone.Add($"{target.Name} to {from}");
        }

        return undone.Count == 0 ? string.Empty : $" Switched back {string.Join(", ", undone)}.";
    }

    private BlueGreenColours? Colours => environment.Routing is null ? null : environment.Scope.Colours;

    private ColourRollback? BlueGreen() => Colours is { } colours ? new ColourRollback(environment, colours, Step) : null;

    // Rolling and canary take each host out of the balancer before it restarts; with every target in one batch nothing would serve.
    private Routing.TargetRouting? Draining => environment.Scope.DrainsTargets ? environment.Routing : null;

    private static IReadOnlyList<string> Components(RollbackComponent component) => component switch
    {
        RollbackComponent.All => ["application", "database", "config"],
        _ => [component.ToString().ToLowerInvariant()],
    };

    private void Step(string message) => progress($"rollback: {message}");

    private sealed record Decision(string? ToVersion, string? BackupId, string? Config, OperationPlan Plan)
    {
        /// <summary>Blue/green's part, and why its idle colour is not warm (null when the rollback is a switch).</summary>
        public ColourRollback? Colours { get; init; }

        public string? Cold { get; init; }
    }
}
