using Pipeline.Core.Artifacts;
using Pipeline.Core.Backups;
using Pipeline.Core.Configuration;
using Pipeline.Core.Database;
using Pipeline.Core.Databases;
using Pipeline.Core.Deployment.Planning;
using Pipeline.Core.Hosting;
using Pipeline.Core.Routing;
using Pipeline.Core.Targets;

namespace Pipeline.Core.Deployment;

/// <summary>
/// Runs a deploy plan (<see cref="DeployPlanner"/>) step by step. Until the cut-over nothing live changes but the
/// migrations, and a failed migration is undone by its transaction. Migrations only expand (a contract migration needs
/// an explicit --allow-contract), so the previous release runs on the migrated schema: after a failed health check every
/// moved target goes back to the release the history says served, and no backup is ever restored over the orders
/// written meanwhile.
/// </summary>
public sealed class DeploymentService(DeployEnvironment environment, Action<string> progress)
{
    // Hosts prepared or switched at once; more than this and one pipeline saturates its own uplink and CPU.
    private const int ParallelTargets = 8;
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly IDeployedDatabase database = environment.Database;
    private readonly DeploymentLedger ledger = environment.Ledger;
    private readonly DeploymentHistory history = environment.History;

    /// <summary>The plan of deploying <paramref name="request"/>'s artifact, reading the migrations from <paramref name="release"/>.</summary>
    public OperationPlan Plan(DeployRequest request, ReleaseFiles release) =>
        DeployPlanner.Plan(environment.Scope, Facts(request, release, FileDigest.Sha256(request.Artifact.ArchivePath)));

    /// <summary>
    /// Runs the deploy. <paramref name="interruption"/> is checked between steps only: a step in progress always finishes,
    /// and what the deploy changed is then undone as after any failure.
    /// </summary>
    public async Task<DeployOutcome> DeployAsync(DeployRequest request, CancellationToken interruption = default)
    {
        var cancellationToken = CancellationToken.None;
        using var release = ReleaseFiles.Extract(request.Artifact);
        var digest = FileDigest.Sha256(request.Artifact.ArchivePath);
        var plan = DeployPlanner.Plan(environment.Scope, Facts(request, release, digest));
        var run = new DeployRun(request, release, plan, digest, history.LiveVersion());
        var record = ledger.Create(request.RollsBack is null ? DeploymentKind.Deploy : DeploymentKind.Rollback, environment.Name, run.From, request.Artifact.Version, Components(), request.Who, request.RollsBack)
            with
        { Strategy = environment.StrategyName, ArtifactSha256 = digest, Image = Containers.PushResult.Read(request.Artifact)?.Reference };
        ledger.Started(record);
        run.Record = record;

        // Every step before the cut-over leaves what serves as it was.
        var stepIndex = 0;
        try
        {
            while (stepIndex < plan.Steps.Count && plan.Steps[stepIndex].Kind != StepKind.PublishFrontEnd && plan.Steps[stepIndex].Kind != StepKind.CutOver)
            {
                StopIfInterrupted(interruption);
                if (plan.Steps[stepIndex].Kind == StepKind.PrepareTarget)
                {
                    stepIndex = await PrepareTargetsAsync(run, stepIndex, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                await RunStepAsync(run, stepIndex++, cancellationToken).ConfigureAwait(false);
            }

            StopIfInterrupted(interruption);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return await FinishAsync(run.Record with { Reason = ex.Message, Targets = [.. run.Record.Targets, .. Untouched(run, "the deploy stopped before the switch")] }, DeploymentStatus.Failed, $"Deploy of {run.Version} failed before the switch: {ex.Message} The live version {run.From ?? "(none)"} was not touched{KeptSchema(run)}.");
        }

        if (stepIndex < plan.Steps.Count && plan.Steps[stepIndex].Kind == StepKind.PublishFrontEnd)
        {
            try
            {
                await RunStepAsync(run, stepIndex++, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                await RestoreSiteAsync(run, cancellationToken).ConfigureAwait(false);
                return await FinishAsync(run.Record with { Reason = ex.Message }, DeploymentStatus.Failed,
                    $"Deploy of {run.Version} failed publishing the web front end: {ex.Message} The application was not switched; {run.From ?? "(none)"} still serves{KeptSchema(run)}.");
            }
        }

        var canary = plan.Steps.Any(s => s.Kind == StepKind.CanaryAnalysis) ? Canary() : null;
        for (; stepIndex < plan.Steps.Count && plan.Steps[stepIndex].Kind is StepKind.CutOver or StepKind.CanaryAnalysis or StepKind.SwitchTraffic; stepIndex++)
        {
            if (canary is not null && run.Moved.Count == 0)
            {
                await canary.HoldBackAsync(Step, cancellationToken).ConfigureAwait(false);
            }

            string? failure;
            try
            {
                failure = interruption.IsCancellationRequested
                    ? new RunInterruptedException().Message
                    : plan.Steps[stepIndex].Kind switch
                    {
                        StepKind.CanaryAnalysis => await CanaryAnalysisAsync(run, stepIndex, canary!, cancellationToken).ConfigureAwait(false),
                        StepKind.SwitchTraffic => await SwitchColoursAsync(run, stepIndex, cancellationToken).ConfigureAwait(false),
                        _ => await CutOverAsync(run, stepIndex, cancellationToken).ConfigureAwait(false),
                    };
            }
            catch (RouterException ex) when (Colours is not null)
            {
                failure = ex.Message;
            }

            if (failure is not null)
            {
                Step($"{run.Version} is NOT healthy: {failure}");
                if (Colours is { } colours)
                {
                    return await AbandonIdleColourAsync(run, colours, failure, cancellationToken).ConfigureAwait(false);
                }

                var failed = await RollBackFailedDeployAsync(run, failure, cancellationToken).ConfigureAwait(false);
                await EndCanaryAsync(canary, run.From).ConfigureAwait(false);
                return failed;
            }
        }

        await EndCanaryAsync(canary, run.Version).ConfigureAwait(false);

        var summary = $"Deployed {run.Version} to {environment.Name}; it serves on {string.Join(", ", environment.Targets.Select(t => t.Url))}";
        var outcome = ledger.Finish(run.Record, DeploymentStatus.Succeeded, summary);
        for (; stepIndex < plan.Steps.Count; stepIndex++)
        {
            await RunStepAsync(run, stepIndex, cancellationToken).ConfigureAwait(false);
        }

        return outcome;
    }

    private static void StopIfInterrupted(CancellationToken interruption)
    {
        if (interruption.IsCancellationRequested)
        {
            throw new RunInterruptedException();
        }
    }

    private DeployFacts Facts(DeployRequest request, ReleaseFiles release, string digest)
    {
        var migrations = database.Migrator(database.MigrationsIn(release.Directory), request.Who).Plan();
        if (!request.AllowContract && migrations.Pending.FirstOrDefault(m => m.IsContract) is { } contract)
        {
            throw new ConfigurationException(
                $"migration {contract.Version:D4}_{contract.Name} of {request.Artifact.Version} is a contract migration: releases before it cannot run on the migrated schema, so a failed deploy could not be undone by switching back. Deploy it with --allow-contract once no release that needs the old schema may come back. Nothing was changed.");
        }

        return new DeployFacts(
            request.Artifact.Version,
            digest,
            request.Artifact.Directory,
            history.LiveVersion(),
            migrations.Pending.Select(m => $"{m.Version:D4}_{m.Name}").ToList(),
            migrations.CurrentVersion,
            null,
            request.PreparedBackupId,
            database.Description,
            environment.Site?.Description);
    }

    private async Task RunStepAsync(DeployRun run, int index, CancellationToken cancellationToken)
    {
        var step = run.Plan.Steps[index];
        Step(step.Heading(index + 1, run.Plan.Steps.Count));
        switch (step.Kind)
        {
            case StepKind.VerifyArtifact:
                VerifyArtifact(run);
                break;
            case StepKind.CheckTargets:
                await CheckTargetsAsync(run, cancellationToken).ConfigureAwait(false);
                break;
            case StepKind.PrepareTarget:
                await Target(step.Targets[0]).PrepareAsync(run.Request.Artifact, run.Digest, Step, cancellationToken).ConfigureAwait(false);
                break;
            case StepKind.StageFrontEnd:
                run.LiveSite = await environment.Site!.LiveVersionAsync(cancellationToken).ConfigureAwait(false);
                await environment.Site.StageAsync(run.Version, environment.Site.SourceIn(run.Release.Directory), cancellationToken).ConfigureAwait(false);
                Step($"staged the web front end of {run.Version} in {environment.Site.Description} (live: {run.LiveSite ?? "nothing yet"})");
                break;
            case StepKind.BackUp:
                database.Migrator(database.MigrationsIn(run.Release.Directory), run.Request.Who).Plan();
                run.Record = run.Record with { BackupId = run.Request.PreparedBackupId ?? TakeBackup(run).Id };
                ledger.Update(run.Record);
                break;
            case StepKind.Migrate:
                run.Applied = database.Migrator(database.MigrationsIn(run.Release.Directory), run.Request.Who).Apply(Step);
                run.Record = run.Record with { MigrationsApplied = run.Applied.Select(a => a.Version).ToList() };
                ledger.Update(run.Record);
                break;
            case StepKind.PublishFrontEnd:
                await environment.Site!.PublishAsync(run.Version, cancellationToken).ConfigureAwait(false);
                Step($"published the web front end of {run.Version} live in {environment.Site.Description}");
                break;
            case StepKind.Retain:
                await RetainAsync(cancellationToken).ConfigureAwait(false);
                break;
            default:
                throw new InvalidOperationException($"a deploy has no step {step.Name}");
        }
    }

    private static void VerifyArtifact(DeployRun run)
    {
        var manifest = ArtifactVerifier.ReadManifest(run.Request.Artifact);
        if (run.Digest != manifest.Archive.Sha256)
        {
            throw new InvalidOperationException($"{run.Request.Artifact.ArchivePath}: sha256 {run.Digest}, its manifest says {manifest.Archive.Sha256}; refusing to deploy an archive that does not verify.");
        }
    }

    // Every remote target is checked at once before the first upload; one that fails stops the deploy with nothing sent
    // anywhere. Then every target's version is compared with the history: drift stops it too, unless told to converge.
    private async Task CheckTargetsAsync(DeployRun run, CancellationToken cancellationToken)
    {
        var remote = environment.Targets.OfType<IPreflightTarget>().ToList();
        // Blue/green: the idle colour runs another version by design; only the live one must agree with the history.
        var serving = Colours is { } colours ? environment.Targets.Where(t => colours.LiveTargets.Contains(t.Name)).ToList() : environment.Targets;
        var unpacked = new DirectoryInfo(run.Release.Directory).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
        var results = await OnTargetsAsync(remote, async (target, say) =>
        {
            await target.PreflightAsync(run.Request.Artifact, run.Digest, unpacked, say, cancellationToken).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);
        results.ForEach(r => r.Lines.ForEach(Step));
        if (results.Where(r => r.Failure is not null).Select(r => r.Failure!.Message).ToList() is { Count: > 0 } failures)
        {
            throw new TargetsNotReadyException($"{failures.Count} of {remote.Count} target(s) cannot take the release; nothing was sent to any target: {string.Join("; ", failures)}.");
        }

        var policy = run.Request.RollsBack is null ? run.Request.Drift : DriftPolicy.Converge;
        await new DriftCheck(environment.Name, history, serving, Step).CheckAsync(run.Version, policy, cancellationToken).ConfigureAwait(false);
    }

    // The prepare steps in a row, run on their targets at once (at most ParallelTargets); each target's lines are
    // printed together, in the plan's order, once it is done. Returns the index of the first step after them.
    private async Task<int> PrepareTargetsAsync(DeployRun run, int index, CancellationToken cancellationToken)
    {
        var end = index;
        while (end < run.Plan.Steps.Count && run.Plan.Steps[end].Kind == StepKind.PrepareTarget)
        {
            end++;
        }

        var steps = Enumerable.Range(index, end - index).ToList();
        var results = await OnTargetsAsync(steps, (i, step) => Target(run.Plan.Steps[i].Targets[0]).PrepareAsync(run.Request.Artifact, run.Digest, step, cancellationToken)).ConfigureAwait(false);
        for (var i = 0; i < steps.Count; i++)
        {
            Step(run.Plan.Steps[steps[i]].Heading(steps[i] + 1, run.Plan.Steps.Count));
            results[i].Lines.ForEach(Step);
        }

        return results.FirstOrDefault(r => r.Failure is not null)?.Failure is { } failure ? throw failure : end;
    }

    // Settings, switch, restart and health for one batch, its targets at once; null when every target in it is healthy.
    private async Task<string?> CutOverAsync(DeployRun run, int index, CancellationToken cancellationToken)
    {
        var step = run.Plan.Steps[index];
        Step(step.Heading(index + 1, run.Plan.Steps.Count));
        var settings = RuntimeSettingsWriter.Render(run.Request.Settings);
        var outcomes = new TargetOutcome[step.Targets.Count];
        if (Colours is { } colours)
        {
            await new ColourSwitch(environment.Routing!).HoldAsync(colours.IdleTargets, Step, cancellationToken).ConfigureAwait(false);
        }

        var results = await OnTargetsAsync(Enumerable.Range(0, step.Targets.Count).ToList(), async (position, say) =>
        {
            var name = step.Targets[position];
            var target = Target(name);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var from = await target.LiveVersionAsync(cancellationToken).ConfigureAwait(false);
            HealthResult health;
            try
            {
                var moved = new MovedTarget(target, from, await target.ReadSettingsAsync(cancellationToken).ConfigureAwait(false));
                lock (run.Moved)
                {
                    run.Moved.Add(moved);
                }

                if (Draining is { } routing)
                {
                    await routing.DrainAsync(name, say, cancellationToken).ConfigureAwait(false);
                }

                await target.WriteSettingsAsync(settings, cancellationToken).ConfigureAwait(false);
                say($"{name}: read the live version and the settings, wrote the new settings in {clock.Elapsed.TotalSeconds:0.0} s");
                await target.ActivateAsync(run.Version, say, cancellationToken).ConfigureAwait(false);
                clock.Restart();
                health = await target.CheckHealthAsync(run.Version, cancellationToken).ConfigureAwait(false);
                if (health.Healthy && Colours is not null)
                {
                    health = await IdleSmoke.CheckAsync(target, Http, say, cancellationToken).ConfigureAwait(false) ?? health;
                }

                if (health.Healthy && Draining is { } admitting)
                {
                    await admitting.AdmitAsync(name, say, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                health = new HealthResult(false, 0, null, ex.Message);
            }

            outcomes[position] = new TargetOutcome(name, from, run.Version, health.Healthy ? "healthy" : "unhealthy", health.Healthy ? null : health.Detail);
            if (health.Healthy)
            {
                say($"{run.Version} is healthy on {name} after {health.Attempts} check(s) on {target.Url} ({clock.Elapsed.TotalSeconds:0.0} s)");
            }

            return health.Healthy;
        }).ConfigureAwait(false);

        foreach (var result in results)
        {
            result.Lines.ForEach(Step);
        }

        if (results.FirstOrDefault(r => r.Failure is not null)?.Failure is { } failure)
        {
            throw failure;
        }

        run.Record = run.Record with { Targets = [.. run.Record.Targets, .. outcomes] };
        ledger.Update(run.Record);
        return outcomes.FirstOrDefault(o => o.Status != "healthy")?.Detail;
    }

    // Runs work on several targets at once, bounded; each one's progress lines are kept apart so they print together.
    // Each target gets a thread of its own, as in TargetThreads: SSH commands block until the host answers.
    private static async Task<List<TargetResult<T>>> OnTargetsAsync<TItem, T>(IReadOnlyList<TItem> items, Func<TItem, Action<string>, Task<T>> work)
    {
        using var slots = new SemaphoreSlim(ParallelTargets);
        var results = items.Select(_ => new TargetResult<T>()).ToList();
        await Task.WhenAll(items.Select((item, i) => Task.Factory.StartNew(
            () =>
            {
                slots.Wait();
                try
                {
                    results[i].Value = work(item, results[i].Lines.Add).GetAwaiter().GetResult();
                }
                catch (Exception ex)
                {
                    results[i].Failure = ex;
                }
                finally
                {
                    slots.Release();
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default))).ConfigureAwait(false);
        return results;
    }

    // Every target the run did not move, so the record lists every target's outcome.
    private List<TargetOutcome> Untouched(DeployRun run, string why)
    {
        var recorded = run.Record.Targets.Select(t => t.Target).Concat(run.Moved.Select(m => m.Target.Name)).ToHashSet();
        return environment.Targets.Where(t => !recorded.Contains(t.Name)).Select(t => new TargetOutcome(t.Name, run.From, run.From, "untouched", why)).ToList();
    }

    private async Task<DeployOutcome> RollBackFailedDeployAsync(DeployRun run, string why, CancellationToken cancellationToken)
    {
        try
        {
            await RestoreSiteAsync(run, cancellationToken).ConfigureAwait(false);
            run.Record = run.Record with { Reason = why };
            var failures = new List<string>();
            foreach (var moved in run.Moved)
            {
                if (moved.Settings is not null)
                {
                    await moved.Target.WriteSettingsAsync(moved.Settings, cancellationToken).ConfigureAwait(false);
                }

                var back = await LastGoodAsync(run, moved, cancellationToken).ConfigureAwait(false);
                if (back is null)
                {
                    // Switching back replaces the instance without a gap; with nowhere to go, the new one is stopped.
                    await moved.Target.StopAsync(TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
                    failures.Add($"{moved.Target.Name} had no earlier version to go back to, so nothing serves there");
                    continue;
                }

                await moved.Target.ActivateAsync(back, Step, cancellationToken).ConfigureAwait(false);
                Step($"put {moved.Target.Name} back on releases/{back}");
                var health = await moved.Target.CheckHealthAsync(back, cancellationToken).ConfigureAwait(false);
                if (!health.Healthy)
                {
                    failures.Add($"{back} did not come back healthy on {moved.Target.Name} ({health.Detail}); see {moved.Target.LogLocation}");
                }
                else if (Draining is { } routing)
                {
                    await routing.AdmitAsync(moved.Target.Name, Step, cancellationToken).ConfigureAwait(false);
                }
            }

            var movedNames = run.Moved.Select(m => m.Target.Name).ToHashSet();
            run.Record = run.Record with
            {
                Targets =
                [
                    .. run.Record.Targets.Select(t => movedNames.Contains(t.Target) && t.From is not null ? t with { Detail = $"{(t.Detail is null ? string.Empty : t.Detail + "; ")}put back on {t.From}" } : t),
                    .. Untouched(run, "the rollout stopped before this target's batch"),
                ],
            };
            if (run.From is null && run.Moved.All(m => m.From is null))
            {
                return await FinishAsync(run.Record, DeploymentStatus.Failed, $"Deploy of {run.Version} failed its health check ({why}); there was no earlier version to go back to, so nothing serves.");
            }

            var contracted = run.Applied.Where(a => MigrationFile.IsContractName(a.Name)).Select(a => $"{a.Version:D4}_{a.Name}").ToList();
            var act = contracted.Count == 0
                ? "Act now."
                : $"Contract migration {string.Join(", ", contracted)} ran, so the previous release cannot run on this schema: restore the database by hand (Rollback --component=database --to={run.Record.BackupId}), which saves what was written since.";
            return failures.Count == 0
                ? await FinishAsync(run.Record, DeploymentStatus.RolledBack, $"Deploy of {run.Version} failed its health check ({why}). Rolled back automatically: {run.From} serves again on {string.Join(", ", run.Moved.Select(m => m.Target.Url))}{KeptSchema(run)}.")
                : await FinishAsync(run.Record, DeploymentStatus.Failed, $"Deploy of {run.Version} failed its health check ({why}), and putting the previous version back failed too: {string.Join("; ", failures)}. {act}");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return await FinishAsync(run.Record with { Reason = why }, DeploymentStatus.Failed,
                $"Deploy of {run.Version} failed its health check ({why}), and putting {run.From ?? "the previous state"} back failed too: {ex.Message}. Act now: see {string.Join(", ", run.Moved.Select(m => m.Target.LogLocation))}.");
        }
    }

    // The release that last served healthy, as the history records it, not whatever current points at: a run killed
    // between a switch and a restart leaves current on a release that never served.
    private static async Task<string?> LastGoodAsync(DeployRun run, MovedTarget moved, CancellationToken cancellationToken) =>
        run.From is { } good && (await moved.Target.KeptVersionsAsync(cancellationToken).ConfigureAwait(false)).Contains(good)
            ? good
            : moved.From;

    // Publishing the previous release again copies inside the bucket only; nothing is uploaded.
    private async Task RestoreSiteAsync(DeployRun run, CancellationToken cancellationToken)
    {
        if (environment.Site is not { } site || run.LiveSite is not { } liveSite || liveSite == run.Version)
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

    private BackupManifest TakeBackup(DeployRun run)
    {
        // The first deploy has no database yet: the migrations start from an empty one.
        database.EnsureExists();
        var manifest = database.Backup(new BackupContext(environment.Name, run.Request.Who, run.From, run.Request.ConfigFile, run.Record.Id, $"before deploy of {run.Version}"));
        Step($"backed up the database as {manifest.Id} ({manifest.Bytes:N0} bytes, schema {manifest.SchemaVersion}, {string.Join(", ", manifest.Tables.Select(t => $"{t.Key} {t.Value}"))})");
        return manifest;
    }

    // Expand migrations stay: the previous release runs on them, and every order written since is kept.
    private static string KeptSchema(DeployRun run) =>
        run.Applied.Count == 0
            ? string.Empty
            : $"; the database keeps the migrated schema ({string.Join(", ", run.Applied.Select(a => $"{a.Version:D4}_{a.Name}"))}, expand only), which the previous release runs on, so nothing written since is lost";

    private async Task RetainAsync(CancellationToken cancellationToken)
    {
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await new Retention(environment.Targets, database.Catalog, history, environment.Retention, Step).ApplyAsync(cancellationToken).ConfigureAwait(false);
            Step($"clean-up on {environment.Targets.Count} target(s) took {clock.Elapsed.TotalSeconds:0.0} s");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The deploy's outcome is already recorded; a clean-up that cannot run deletes nothing and never changes it.
            Step($"WARNING: clean-up of old releases and backups did not run and deleted nothing; it is tried again on the next deploy: {ex.Message}");
        }
    }

    // However many deploys fail in a row, clean-up keeps the live release and the last good one (a successful deploy
    // runs it as its last step instead).
    private async Task<DeployOutcome> FinishAsync(DeploymentRecord record, DeploymentStatus status, string summary)
    {
        var outcome = ledger.Finish(record, status, summary);
        await RetainAsync(CancellationToken.None).ConfigureAwait(false);
        return outcome;
    }

    private IReadOnlyList<string> Components() =>
        environment.Site is null ? ["application", "database", "config"] : ["application", "database", "config", DeploymentRecord.Web];

    // The canary's steps and analysis, after its batch is healthy; null when it passed. Each measurement goes into the record.
    private async Task<string?> CanaryAnalysisAsync(DeployRun run, int index, CanaryRollout canary, CancellationToken cancellationToken)
    {
        Step(run.Plan.Steps[index].Heading(index + 1, run.Plan.Steps.Count));
        var orders = new CanaryOrders(history.Store);
        orders.Clear();
        using var promote = new CancellationTokenSource();
        using var abort = new CancellationTokenSource();
        using var done = new CancellationTokenSource();
        var abortedBy = "nobody";
        var listening = ListenForOrdersAsync(orders, order =>
        {
            Step($"{order.Who} asked to {order.Order.ToString().ToLowerInvariant()} the canary at {order.At:u}");
            if (order.Order == CanaryOrder.Promote)
            {
                promote.Cancel();
            }
            else
            {
                abortedBy = order.Who;
                abort.Cancel();
            }
        }, done.Token);
        Analysis.AnalysisResult result;
        try
        {
            result = await canary.RunStepsAsync(run.From ?? "(none)", run.Version, Step, () => abortedBy, promote.Token, abort.Token, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await done.CancelAsync().ConfigureAwait(false);
            await listening.ConfigureAwait(false);
        }

        run.Record = run.Record with { Analysis = result.Measurements };
        ledger.Update(run.Record);
        Step(result.Summary);
        return result.Verdict == Pipeline.Core.Analysis.Verdict.Failed ? result.Summary : null;
    }

    // Blue/green: all traffic to the colour just checked, in one exchange with the balancer; the colour it left keeps running.
    private async Task<string?> SwitchColoursAsync(DeployRun run, int index, CancellationToken cancellationToken)
    {
        var colours = Colours!;
        Step(run.Plan.Steps[index].Heading(index + 1, run.Plan.Steps.Count));
        var retirement = new ColourRetirement(environment.Targets, Step);
        await retirement.KeepRunningAsync(colours.IdleTargets, cancellationToken).ConfigureAwait(false);
        await new ColourSwitch(environment.Routing!).SwitchAsync(colours.IdleTargets, colours.LiveTargets, Step, cancellationToken).ConfigureAwait(false);
        var warmUntil = colours.Live is null ? (DateTimeOffset?)null : DateTimeOffset.UtcNow + colours.KeepPreviousFor;
        run.Record = run.Record with { LiveColour = colours.Idle, WarmColour = colours.Live, WarmUntil = warmUntil };
        ledger.Update(run.Record);
        Step(colours.Live is null
            ? $"{colours.Idle} serves {run.Version}"
            : $"{colours.Idle} serves {run.Version}; {colours.Live} keeps running {run.From} until {warmUntil:u} for Rollback --component=application to switch back; then it stops");
        if (warmUntil is { } until && run.From is { } from)
        {
            await retirement.RetireAtAsync(colours.LiveTargets, from, until, colours.Live!, cancellationToken).ConfigureAwait(false);
        }
        return null;
    }

    // Blue/green before the switch: the idle colour never took traffic; each of its targets goes back to what it ran
    // (a warm colour stays ready for a rollback), or is stopped when it ran nothing.
    private async Task<DeployOutcome> AbandonIdleColourAsync(DeployRun run, BlueGreenColours colours, string why, CancellationToken cancellationToken)
    {
        var notes = new List<string>();
        var putBackWarm = new List<string>();
        foreach (var moved in run.Moved)
        {
            try
            {
                if (moved.Settings is not null)
                {
                    await moved.Target.WriteSettingsAsync(moved.Settings, cancellationToken).ConfigureAwait(false);
                }

                if (moved.From is { } back && (await moved.Target.KeptVersionsAsync(cancellationToken).ConfigureAwait(false)).Contains(back))
                {
                    await moved.Target.ActivateAsync(back, Step, cancellationToken).ConfigureAwait(false);
                    Step($"put {moved.Target.Name} back on releases/{back} (weight 0, idle)");
                    if (back == colours.WarmVersion)
                    {
                        putBackWarm.Add(moved.Target.Name);
                    }
                }
                else
                {
                    await moved.Target.StopAsync(TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
                    Step($"stopped {moved.Target.Name}: it ran nothing before this deploy");
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                notes.Add($"{moved.Target.Name} could not be put back ({ex.Message}); it has weight 0 and takes no traffic");
            }
        }

        notes.AddRange(await KeepTimedStopAsync(putBackWarm, colours).ConfigureAwait(false));
        var movedNames = run.Moved.Select(m => m.Target.Name).ToHashSet();
        run.Record = run.Record with
        {
            Reason = why,
            Targets = [.. run.Record.Targets, .. environment.Targets.Where(t => !movedNames.Contains(t.Name) && !run.Record.Targets.Any(o => o.Target == t.Name)).Select(t => new TargetOutcome(t.Name, run.From, run.From, "untouched", $"the {colours.Live ?? "live"} colour kept serving"))],
        };
        var serving = colours.Live is null ? "nothing served before this deploy" : $"{colours.Live} ({string.Join(", ", colours.LiveTargets)}) kept serving {run.From} throughout";
        var status = colours.Live is null || notes.Count > 0 ? DeploymentStatus.Failed : DeploymentStatus.RolledBack;
        return await FinishAsync(run.Record, status, $"Deploy of {run.Version} failed on the idle colour {colours.Idle} ({why}); it never took traffic: {serving}{KeptSchema(run)}.{(notes.Count == 0 ? string.Empty : " " + string.Join("; ", notes) + ".")}");
    }

    // Asking a target for a release cancels its timed stop; a warm colour put back keeps the stop its last switch set
    // (one already due stops it at once, as it would have been). Returns a note for each that could not be told.
    private async Task<IEnumerable<string>> KeepTimedStopAsync(IReadOnlyList<string> putBackWarm, BlueGreenColours colours)
    {
        if (putBackWarm.Count == 0 || colours.WarmUntil is not { } until || colours.WarmVersion is not { } version)
        {
            return [];
        }

        var failures = await new ColourRetirement(environment.Targets, Step).RetireEachAtAsync(putBackWarm, version, until, colours.Idle, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        return failures.Select(f => $"{f} is back on releases/{version} but its stop at {until:u} could not be set again; it runs on until the next deploy or rollback");
    }

    private BlueGreenColours? Colours => environment.Routing is null ? null : environment.Scope.Colours;

    // Deploy --promote and --abort from another invocation arrive as a file next to the lock; looked for twice a second.
    private static async Task ListenForOrdersAsync(CanaryOrders orders, Action<CanaryOrderNote> act, CancellationToken done)
    {
        while (!done.IsCancellationRequested)
        {
            try
            {
                if (orders.Take() is { } order)
                {
                    act(order);
                }

                await Task.Delay(TimeSpan.FromMilliseconds(500), done).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (IOException)
            {
                // A store that cannot be read this time is read again at the next look.
            }
        }
    }

    private CanaryRollout? Canary() =>
        environment.Strategy.Kind == Configuration.Model.StrategyKind.Canary && environment.Routing is { } routing
            ? new CanaryRollout(routing, environment.Strategy, environment.Targets, Http)
            : null;

    // The weights are the operator's again whatever happened, and Prometheus's targets no longer call any host the
    // canary; a balancer that refuses or a targets file that cannot be written is said, not thrown over the outcome.
    private async Task EndCanaryAsync(CanaryRollout? canary, string? liveVersion)
    {
        try
        {
            await (canary?.RestoreWeightsAsync(Step) ?? Task.CompletedTask).ConfigureAwait(false);
        }
        catch (RouterException ex)
        {
            Step($"WARNING: the server weights could not be put back: {ex.Message}");
        }

        try
        {
            canary?.LabelAllStable(liveVersion ?? "(none)", Step);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Step($"WARNING: the Prometheus targets file could not be rewritten: {ex.Message}");
        }
    }

    // Draining takes a batch out of traffic; with every target in one batch (allAtOnce) nothing would serve.
    private TargetRouting? Draining => environment.Scope.DrainsTargets ? environment.Routing : null;

    private IDeployTarget Target(string name) => environment.Targets.First(t => t.Name == name);

    private void Step(string message) => progress($"deploy: {message}");

    private sealed class TargetResult<T>
    {
        public List<string> Lines { get; } = [];

        public T? Value { get; set; }

        public Exception? Failure { get; set; }
    }

    private sealed record MovedTarget(IDeployTarget Target, string? From, string? Settings);

    /// <summary>The state of one deploy as its steps run.</summary>
    private sealed class DeployRun(DeployRequest request, ReleaseFiles release, OperationPlan plan, string digest, string? from)
    {
        public DeployRequest Request => request;

        public ReleaseFiles Release => release;

        public OperationPlan Plan => plan;

        public string Digest => digest;

        public string Version => request.Artifact.Version;

        /// <summary>The live version according to the recorded history.</summary>
        public string? From => from;

        public DeploymentRecord Record { get; set; } = null!;

        public IReadOnlyList<AppliedMigration> Applied { get; set; } = [];

        public string? LiveSite { get; set; }

        public List<MovedTarget> Moved { get; } = [];
    }
}
