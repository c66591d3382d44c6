using Pipeline.Core.Artifacts;

namespace Pipeline.Core.Deployment;

/// <summary>
/// Rolls the web front end back by publishing a kept release live again: copies inside the bucket, nothing
/// uploaded. The target comes from the recorded history of successful publishes (or --to), and must still
/// be kept in the bucket; every check runs before anything changes.
/// </summary>
public sealed class SiteRollbackService(ISiteComponent site, DeploymentLedger ledger)
{
    private readonly DeploymentHistory history = ledger.History;

    /// <summary>The release the live site was last published from, or null.</summary>
    public Task<string?> LiveVersionAsync(CancellationToken cancellationToken = default) => site.LiveVersionAsync(cancellationToken);

    public async Task<DeployOutcome> RollbackAsync(string environment, string? to, string who, CancellationToken cancellationToken = default)
    {
        var live = await site.LiveVersionAsync(cancellationToken).ConfigureAwait(false);
        var record = ledger.Create(DeploymentKind.Rollback, environment, live, null, [DeploymentRecord.Web], who, LastPublish(live));

        string target;
        try
        {
            target = await TargetAsync(environment, to, live, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ledger.Refuse(record, ex.Message, $"Rollback refused: {ex.Message}");
        }

        record = record with { ToVersion = target };
        ledger.Started(record);
        try
        {
            await site.PublishAsync(target, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var putBack = await PutBackAsync(live, cancellationToken).ConfigureAwait(false);
            return Finish(record with { Reason = ex.Message }, DeploymentStatus.Failed, $"Rollback of the web front end to {target} failed: {ex.Message}{putBack}");
        }

        return Finish(record, DeploymentStatus.Succeeded, $"Rolled back the web front end of {environment}: {target} is live in {site.Description} (was {live ?? "nothing"}); nothing was uploaded.");
    }

    private async Task<string> TargetAsync(string environment, string? to, string? live, CancellationToken cancellationToken)
    {
        var target = to is { Length: > 0 }
            ? BuildVersion.ValidateOverride(to, "--to")
            : history.PreviousSiteVersion(live) ?? throw new InvalidOperationException(
                $"--to: there is no earlier successful publish of the web front end of {environment} in the history; name a version with --to=<version>.");
        if (target == live)
        {
            throw new InvalidOperationException($"--to: {target} is already the live web front end of {environment}; nothing to do.");
        }

        var kept = await site.KeptVersionsAsync(cancellationToken).ConfigureAwait(false);
        return kept.Contains(target)
            ? target
            : throw new InvalidOperationException(
                $"--to: release {target} of the web front end is not kept in {site.Description}; kept: {(kept.Count == 0 ? "none" : string.Join(", ", kept))}. Nothing was changed.");
    }

    private async Task<string> PutBackAsync(string? live, CancellationToken cancellationToken)
    {
        if (live is null)
        {
            return string.Empty;
        }

        try
        {
            await site.PublishAsync(live, cancellationToken).ConfigureAwait(false);
            return $" {live} was published live again.";
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return $" Publishing {live} again failed too ({ex.Message}); the live site may mix files of both releases until a publish succeeds.";
        }
    }

    private string? LastPublish(string? live) =>
        history.All().LastOrDefault(r => r.Status == DeploymentStatus.Succeeded && r.ToVersion == live && r.Components.Contains(DeploymentRecord.Web))?.Id;

    private DeployOutcome Finish(DeploymentRecord record, DeploymentStatus status, string summary) => ledger.Finish(record, status, summary);
}
