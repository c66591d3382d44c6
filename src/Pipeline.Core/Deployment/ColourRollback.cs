using Pipeline.Core.Deployment.Planning;
using Pipeline.Core.Routing;
using Pipeline.Core.Targets;

namespace Pipeline.Core.Deployment;

/// <summary>
/// Blue/green's part of an application rollback: whether the idle colour can take all traffic back as it runs (warm),
/// the plan's steps either way, and the switch with the timed stops around it. Warm, the rollback is a switch at the
/// router and nothing is asked over SSH before it; otherwise the idle colour is started on the release and checked first.
/// </summary>
public sealed class ColourRollback(DeployEnvironment environment, BlueGreenColours colours, Action<string> step)
{
    public BlueGreenColours Colours => colours;

    public IReadOnlyList<IDeployTarget> IdleTargets => [.. environment.Targets.Where(t => colours.IdleTargets.Contains(t.Name))];

    /// <summary>Null when every idle target serves <paramref name="release"/> now, asked at its own address; otherwise why not.</summary>
    public async Task<string?> ProbeAsync(string release, CancellationToken cancellationToken = default) =>
        await WarmColour.ProblemAsync(IdleTargets, release, cancellationToken).ConfigureAwait(false) is { } problem
            ? $"it does not serve {release} as it is: {problem}"
            : null;

    /// <summary>The plan's steps: a switch when <paramref name="cold"/> is null; otherwise a cut-over of the idle colour, then the switch.</summary>
    public IEnumerable<PlanStep> Steps(string release, string? cold)
    {
        var router = environment.Routing!.Description;
        if (cold is null)
        {
            yield return new PlanStep(StepKind.SwitchTraffic, colours.IdleTargets, $"{colours.Idle} still runs {release} (kept warm until {colours.WarmUntil:u}): move all traffic from {colours.Live} to {colours.Idle} at {router} in one step, then cancel {colours.Idle}'s timed stop (or move traffic back if that fails); nothing restarts");
            yield break;
        }

        yield return new PlanStep(StepKind.CutOver, colours.IdleTargets, $"{colours.Idle} is not kept warm with {release} ({cold}): start {release} there and check it is healthy and serves {release}; {colours.Live ?? "the live colour"} serves meanwhile");
        yield return new PlanStep(StepKind.SwitchTraffic, colours.IdleTargets, $"move all traffic from {colours.Live ?? "the live colour"} to {colours.Idle} at {router} in one step");
    }

    /// <summary>Before a cut-over: stops <paramref name="target"/> when the idle colour's keepPreviousFor has ended.</summary>
    public async Task StopExpiredAsync(IDeployTarget target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (colours.WarmUntil is { } until && until <= DateTimeOffset.UtcNow && await target.StopAsync(TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false))
        {
            step($"stopped {target.Name}: the {colours.Idle} colour's keepPreviousFor ended at {until:u}");
        }
    }

    /// <summary>
    /// Moves all traffic to the idle colour and records it; the colour left keeps running until its keepPreviousFor
    /// ends. <paramref name="warm"/>: the idle colour was not restarted, so its own timed stop is cancelled after the switch.
    /// </summary>
    public async Task<DeploymentRecord> SwitchAsync(PlanStep switchStep, DeploymentRecord record, bool warm, DeploymentLedger ledger, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(switchStep);
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(ledger);
        var retirement = new ColourRetirement(environment.Targets, step);
        var router = new ColourSwitch(environment.Routing!);
        if (!warm)
        {
            await retirement.KeepRunningAsync(switchStep.Targets, cancellationToken).ConfigureAwait(false);
        }

        await router.SwitchAsync(switchStep.Targets, colours.LiveTargets, step, cancellationToken).ConfigureAwait(false);
        if (warm)
        {
            await KeepRunningOrSwitchBackAsync(switchStep.Targets, retirement, router, cancellationToken).ConfigureAwait(false);
        }

        var warmUntil = DateTimeOffset.UtcNow + colours.KeepPreviousFor;
        record = record with
        {
            LiveColour = colours.Idle,
            WarmColour = colours.Live,
            WarmUntil = colours.Live is null ? null : warmUntil,
            Targets = [.. record.Targets, .. switchStep.Targets.Where(t => record.Targets.All(o => o.Target != t)).Select(t => new TargetOutcome(t, record.ToVersion, record.ToVersion, "healthy", "was warm; switched at the router"))],
        };
        ledger.Update(record);
        step($"{colours.Idle} serves {record.ToVersion}; {colours.Live} keeps running {record.FromVersion} until {warmUntil:u}");
        if (colours.Live is not null && record.FromVersion is { } from)
        {
            await retirement.RetireAtAsync(colours.LiveTargets, from, warmUntil, colours.Live, cancellationToken).ConfigureAwait(false);
        }

        return record;
    }

    // The warm colour traffic just moved to was set to stop when its keepPreviousFor ends: that is cancelled after the
    // switch (the switch comes first, since it is what a rollback is waited for) and before that time, or traffic goes back.
    private async Task KeepRunningOrSwitchBackAsync(IReadOnlyList<string> now, ColourRetirement retirement, ColourSwitch router, CancellationToken cancellationToken)
    {
        using var beforeStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var left = colours.WarmUntil - DateTimeOffset.UtcNow - ColourRetirement.SwitchBackTime;
        beforeStop.CancelAfter(left is { } time && time > TimeSpan.Zero ? time : TimeSpan.Zero);
        try
        {
            await retirement.KeepRunningAsync(now, beforeStop.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var why = ex is OperationCanceledException ? $"it did not answer before {colours.WarmUntil:u}" : ex.Message;
            await router.SwitchAsync(colours.LiveTargets, now, step, CancellationToken.None).ConfigureAwait(false);
            var unset = await RestoreTimedStopAsync(now, retirement).ConfigureAwait(false);
            throw new InvalidOperationException($"the timed stop of {string.Join(", ", now)} could not be cancelled ({why}), so all traffic is back on {colours.Live}{unset}", ex);
        }
    }

    // Traffic went back, but the hosts that did answer had their stop cancelled: each is told the same stop again, so
    // the colour still stops when its keepPreviousFor ends. Returns what could not be told, for the error.
    private async Task<string> RestoreTimedStopAsync(IReadOnlyList<string> names, ColourRetirement retirement)
    {
        if (colours.WarmUntil is not { } until || colours.WarmVersion is not { } version)
        {
            return string.Empty;
        }

        var failures = await retirement.RetireEachAtAsync(names, version, until, colours.Idle, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        return failures.Count == 0
            ? string.Empty
            : $"; could not set their stop at {until:u} again on {string.Join(", ", failures)}: each of these may run on until the next deploy or rollback";
    }
}
