namespace Pipeline.Core.Web;

/// <summary>The live-site changes a release needs, planned the same way for a dry run and a real one.</summary>
public sealed record LivePlan(IReadOnlyList<PlannedCopy> Copies, IReadOnlyList<string> Deletes)
{
    /// <summary>Paths for a CDN invalidation: everything copied or deleted, as "/path".</summary>
    public IReadOnlyList<string> ChangedPaths => Copies.Select(c => c.Path).Concat(Deletes).Order(StringComparer.Ordinal).Select(p => "/" + p).ToList();
}

public static class LivePlanner
{
    /// <summary>
    /// Copies for every release file whose live object is missing or has other content (compared by ETag, never by
    /// date or size, so re-publishing an older release restores it), non-HTML first so that each HTML page is only
    /// served once everything it references is; deletes for live paths the release does not have.
    /// </summary>
    /// <param name="release">The release to publish.</param>
    /// <param name="live">Live site path → the ETag S3 reports for it.</param>
    public static LivePlan Plan(ReleaseManifest release, IReadOnlyDictionary<string, string> live)
    {
        var copies = release.Files
            .Where(f => !ObjectETag.Matches(live.GetValueOrDefault(f.Key), f.Value.Md5, f.Value.ETag))
            .Select(f => new PlannedCopy(f.Key, f.Value.Size, f.Value.ContentType, f.Value.CacheControl, !live.ContainsKey(f.Key)))
            .OrderBy(c => c.IsHtml)
            .ThenBy(c => c.Path, StringComparer.Ordinal)
            .ToList();
        var deletes = live.Keys.Where(path => !release.Files.ContainsKey(path)).Order(StringComparer.Ordinal).ToList();
        return new LivePlan(copies, deletes);
    }
}
