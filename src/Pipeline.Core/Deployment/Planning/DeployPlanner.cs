using Pipeline.Core.Configuration.Model;
using Pipeline.Core.Targets;

namespace Pipeline.Core.Deployment.Planning;

/// <summary>What is known when a deploy is planned; null where it cannot be known yet (no artifact, no database access).</summary>
public sealed record DeployFacts(
    string Version,
    string? ArchiveSha256,
    string ArtifactLocation,
    string? LiveVersion,
    IReadOnlyList<string>? PendingMigrations,
    int? SchemaVersion,
    string? Unknown,
    string? PreparedBackupId,
    string DatabaseDescription,
    string? SiteDescription);

/// <summary>Builds the steps of a deploy, in the order the executor runs them; --dryrun prints the same list.</summary>
public static class DeployPlanner
{
    public static OperationPlan Plan(DeployScope environment, DeployFacts facts)
    {
        var steps = new List<PlanStep>
        {
            new(StepKind.VerifyArtifact, $"{facts.Version} from {facts.ArtifactLocation}, sha256 {facts.ArchiveSha256 ?? $"(unknown: {facts.Unknown ?? "not fetched yet"})"}"),
        };
        if (environment.Targets.Where(t => t is IPreflightTarget).Select(t => t.Name).ToList() is { Count: > 0 } remote)
        {
            steps.Add(new PlanStep(StepKind.CheckTargets, remote, "connect to each of them (host key, login), check its path is writable and has room for the release, and compare every target's live version with the history (drift); one that fails, or drift, stops the deploy before anything is sent to any target"));
        }

        // Blue/green prepares only the idle colour: the live one keeps what it serves untouched.
        foreach (var target in environment.Targets.Where(t => environment.Colours is not { } colours || colours.IdleTargets.Contains(t.Name)))
        {
            steps.Add(new PlanStep(StepKind.PrepareTarget, [target.Name], $"put release {facts.Version} on {target.Description} unless the same bytes are there; nothing live changes"));
        }

        if (facts.SiteDescription is { } site)
        {
            steps.Add(new PlanStep(StepKind.StageFrontEnd, $"upload the web front end of {facts.Version} to {site}; the live site does not change"));
        }

        steps.Add(new PlanStep(StepKind.BackUp, facts.PreparedBackupId is { } taken
            ? $"use backup {taken} taken by the Backup target"
            : $"back up {facts.DatabaseDescription}, the live release pointer and the configuration"));
        steps.Add(new PlanStep(StepKind.Migrate, facts.PendingMigrations switch
        {
            null => $"run the release's pending migrations (unknown until {facts.Unknown ?? "the artifact is fetched"})",
            [] => $"no migrations to run (schema version {facts.SchemaVersion})",
            var pending => $"run {pending.Count} migration(s) from schema version {facts.SchemaVersion}: {string.Join(", ", pending)}",
        }));
        if (facts.SiteDescription is { } live)
        {
            steps.Add(new PlanStep(StepKind.PublishFrontEnd, $"publish the web front end of {facts.Version} live in {live} (assets first, HTML last) and invalidate what changed"));
        }

        if (environment.Colours is { } blueGreen)
        {
            steps.AddRange(BlueGreenSteps(environment, blueGreen, facts));
        }

        foreach (var (batch, i) in (environment.Colours is null ? CutOverBatches.Of(environment.Strategy, environment.Targets) : []).Select((b, i) => (b, i)))
        {
            steps.Add(new PlanStep(
                StepKind.CutOver,
                batch.Select(t => t.Name).ToList(),
                environment.DrainsTargets
                    ? $"drain {string.Join(", ", batch.Select(t => t.Name))} at {environment.Router} and wait for its requests in flight, write the settings, switch to {facts.Version}, restart, check {string.Join(", ", batch.Select(t => t.Url))} is healthy and serves {facts.Version}, then admit it again; on failure put {facts.LiveVersion ?? "the previous state"} back"
                    : $"write the settings, switch to {facts.Version}, restart, and check {string.Join(", ", batch.Select(t => t.Url))} is healthy and serves {facts.Version}; on failure put {facts.LiveVersion ?? "the previous state"} back"));
            // A first deploy has no stable version to compare the canary with, nor traffic to watch.
            if (i == 0 && environment.Strategy.Kind == StrategyKind.Canary && facts.LiveVersion is not null)
            {
                steps.Add(new PlanStep(StepKind.CanaryAnalysis, batch.Select(t => t.Name).ToList(), CanaryRollout.Describe(environment.Strategy, environment.Router)));
            }
        }

        steps.Add(new PlanStep(StepKind.Retain, $"keep the newest {environment.Retention.Releases} successful releases (and always the live one) and the newest {environment.Retention.Backups} backups"));
        return new OperationPlan(environment.Name, facts.LiveVersion, facts.Version, environment.StrategyName, steps);
    }

    private static IEnumerable<PlanStep> BlueGreenSteps(DeployScope environment, BlueGreenColours colours, DeployFacts facts)
    {
        var idle = colours.IdleTargets.ToList();
        var urls = string.Join(", ", environment.Targets.Where(t => idle.Contains(t.Name)).Select(t => t.Url));
        yield return new PlanStep(StepKind.CutOver, idle, $"hold the {colours.Idle} colour at weight 0 at {environment.Router}, write the settings, start {facts.Version} there, check {urls} is healthy, serves {facts.Version} and answers GET /api/orders; on failure it never takes traffic and {facts.LiveVersion ?? "nothing"} keeps serving");
        yield return new PlanStep(StepKind.SwitchTraffic, idle, colours.Live is { } live
            ? $"move all traffic from {live} ({string.Join(", ", colours.LiveTargets)}) to {colours.Idle} at {environment.Router} in one step; {live} keeps running {facts.LiveVersion} for {Analysis.DurationText.Format(colours.KeepPreviousFor)}, during which Rollback --component=application is a switch back"
            : $"send all traffic to {colours.Idle} at {environment.Router} in one step (the first blue/green deploy: nothing to keep warm)");
    }
}
