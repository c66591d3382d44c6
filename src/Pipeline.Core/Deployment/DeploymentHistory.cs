using System.Globalization;
using Pipeline.Core.State;

namespace Pipeline.Core.Deployment;

/// <summary>The recorded deploys and rollbacks of an environment, in the order they started.</summary>
public sealed class DeploymentHistory(IStateStore store, TimeProvider? clock = null)
{
    private const string Prefix = "deployments/";

    private readonly TimeProvider clock = clock ?? TimeProvider.System;

    /// <summary>The environment's state store, which also keeps reconciliation files.</summary>
    public IStateStore Store => store;

    public string NewId() =>
        $"{clock.GetUtcNow().ToString("yyyyMMdd'T'HHmmssfff", CultureInfo.InvariantCulture)}-{Guid.NewGuid().ToString("N")[..6]}";

    public void Save(DeploymentRecord record) => store.Put($"{Prefix}{record.Id}.json", record);

    /// <summary>Every record; a record that cannot be read is an error naming it, never silently skipped.</summary>
    public IReadOnlyList<DeploymentRecord> All() =>
        store.List(Prefix)
            .Select(Read)
            .OfType<DeploymentRecord>()
            .OrderBy(r => r.Started)
            .ThenBy(r => r.Id, StringComparer.Ordinal)
            .ToList();

    public DeploymentRecord? Find(string id) => Read($"{Prefix}{id}.json");

    private DeploymentRecord? Read(string key)
    {
        try
        {
            return store.Get<DeploymentRecord>(key);
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new InvalidDataException($"{store.Location}/{key}: the deployment record cannot be read ({ex.Message}); repair or remove it.", ex);
        }
    }

    /// <summary>Successful deploys and rollbacks, newest first: what was live, in order.</summary>
    public IReadOnlyList<DeploymentRecord> Successful() =>
        All().Where(r => r.Status == DeploymentStatus.Succeeded && r.ToVersion is not null && !r.IsSiteOnly).Reverse().ToList();

    /// <summary>Successful deploys and rollbacks that no later rollback undid, newest first.</summary>
    public IReadOnlyList<DeploymentRecord> Standing()
    {
        var all = All();
        var undone = all.Where(r => r.Kind == DeploymentKind.Rollback && r.Status == DeploymentStatus.Succeeded).Select(r => r.RollsBack).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return all.Where(r => r.Status == DeploymentStatus.Succeeded && r.ToVersion is not null && !r.IsSiteOnly && !undone.Contains(r.Id)).Reverse().ToList();
    }

    /// <summary>
    /// The default web front end rollback target: the newest version the site was successfully published with
    /// that is not <paramref name="live"/> and that no later rollback undid.
    /// </summary>
    public string? PreviousSiteVersion(string? live)
    {
        var all = All();
        var undone = all.Where(r => r.Kind == DeploymentKind.Rollback && r.Status == DeploymentStatus.Succeeded).Select(r => r.RollsBack).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return all.Where(r => r.Status == DeploymentStatus.Succeeded && r.Components.Contains(DeploymentRecord.Web) && !undone.Contains(r.Id))
            .Reverse()
            .Select(r => r.ToVersion)
            .FirstOrDefault(v => v is not null && v != live);
    }

    /// <summary>The version that is live according to the history.</summary>
    public string? LiveVersion() => Successful() is [var live, ..] ? live.ToVersion : null;

    /// <summary>
    /// The default rollback target: the last successful version before the live one, passing over deploys
    /// that a rollback already undid (rolling back twice does not bounce back to the release just left).
    /// </summary>
    public string? PreviousVersion()
    {
        var live = LiveVersion();
        return Standing().Select(r => r.ToVersion).FirstOrDefault(v => v != live);
    }
}
