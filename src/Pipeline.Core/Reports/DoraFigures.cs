using Pipeline.Core.Deployment;

namespace Pipeline.Core.Reports;

/// <summary>
/// The four DORA figures of one environment, from its recorded history:
/// <list type="bullet">
/// <item>deployment frequency: successful deploys (not rollbacks) per week over the window, from the first record to now;</item>
/// <item>lead time: from the deployed version's commit to the end of its successful deploy (median), for versions whose
/// commit time is known;</item>
/// <item>change failure rate: finished deploys that failed, were rolled back, were interrupted, or succeeded and were
/// later undone by a successful rollback, over all finished deploys;</item>
/// <item>time to restore (median): a deploy rolled back automatically, from its start to its end; a deploy undone by a
/// rollback, from the end of the deploy to the end of the rollback; an interrupted deploy, from its start to the end of the
/// next successful deploy or rollback. A deploy that failed before its switch left the live version serving and restored
/// nothing.</item>
/// </list>
/// </summary>
public sealed record DoraFigures(
    string Environment,
    DateTimeOffset From,
    DateTimeOffset To,
    int Deploys,
    int SuccessfulDeploys,
    double DeploysPerWeek,
    TimeSpan? MedianLeadTime,
    int LeadTimesKnown,
    int FailedChanges,
    double? ChangeFailureRate,
    TimeSpan? MedianTimeToRestore,
    int Restores,
    int NotRestored,
    IReadOnlyList<DoraDay> Days)
{
    /// <summary>The figures of <paramref name="records"/> over the window from the first record to <paramref name="now"/>.</summary>
    /// <param name="environment">The environment the records belong to.</param>
    /// <param name="records">Its deploys and rollbacks, in any order.</param>
    /// <param name="commitTime">The commit time of a version, or null when it cannot be known (a version given by hand).</param>
    /// <param name="now">The end of the window.</param>
    public static DoraFigures Compute(string environment, IEnumerable<DeploymentRecord> records, Func<string, DateTimeOffset?> commitTime, DateTimeOffset now)
    {
        var all = records.OrderBy(r => r.Started).ToList();
        var deploys = all.Where(r => r.Kind == DeploymentKind.Deploy && r.Status != DeploymentStatus.Started && !r.IsSiteOnly).ToList();
        var undoneBy = all
            .Where(r => r.Kind == DeploymentKind.Rollback && r.Status == DeploymentStatus.Succeeded && r.RollsBack is not null)
            .GroupBy(r => r.RollsBack!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var successful = deploys.Where(r => r.Status == DeploymentStatus.Succeeded).ToList();

        var from = all.Count == 0 ? now : all[0].Started;
        var weeks = Math.Max(1.0, (now - from).TotalDays) / 7.0;

        var leadTimes = successful
            .Select(r => r.ToVersion is { } version && r.Finished is { } finished && commitTime(version) is { } committed ? finished - committed : (TimeSpan?)null)
            .OfType<TimeSpan>()
            .ToList();

        var failed = deploys.Where(r => r.Status != DeploymentStatus.Succeeded || undoneBy.ContainsKey(r.Id)).ToList();
        var restores = new List<TimeSpan>();
        var notRestored = 0;
        foreach (var change in failed)
        {
            switch (RestoreTime(change, all, undoneBy))
            {
                case { } restore:
                    restores.Add(restore);
                    break;
                case null when change.Status != DeploymentStatus.Failed:
                    notRestored++;
                    break;
            }
        }

        var days = deploys
            .GroupBy(r => DateOnly.FromDateTime(r.Started.UtcDateTime))
            .OrderBy(g => g.Key)
            .Select(g => new DoraDay(g.Key, g.Count(r => r.Status == DeploymentStatus.Succeeded && !undoneBy.ContainsKey(r.Id)), g.Count(r => r.Status != DeploymentStatus.Succeeded || undoneBy.ContainsKey(r.Id))))
            .ToList();

        return new DoraFigures(
            environment, from, now, deploys.Count, successful.Count, successful.Count / weeks,
            Median(leadTimes), leadTimes.Count,
            failed.Count, deploys.Count == 0 ? null : (double)failed.Count / deploys.Count,
            Median(restores), restores.Count, notRestored, days);
    }

    private static TimeSpan? RestoreTime(DeploymentRecord change, IReadOnlyList<DeploymentRecord> all, IReadOnlyDictionary<string, DeploymentRecord> undoneBy)
    {
        if (undoneBy.TryGetValue(change.Id, out var rollback) && change.Finished is { } live && rollback.Finished is { } restored)
        {
            return restored - live;
        }

        return change.Status switch
        {
            DeploymentStatus.RolledBack when change.Finished is { } end => end - change.Started,
            DeploymentStatus.Interrupted => all
                .Where(r => r.Started > change.Started && r.Status == DeploymentStatus.Succeeded && r.Finished is not null && !r.IsSiteOnly)
                .Select(r => r.Finished!.Value - change.Started)
                .Cast<TimeSpan?>()
                .FirstOrDefault(),
            _ => null,
        };
    }

    private static TimeSpan? Median(List<TimeSpan> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}

/// <summary>One day of deploys for the chart: those that stayed live and those that failed or were undone.</summary>
public sealed record DoraDay(DateOnly Day, int Succeeded, int Failed);
