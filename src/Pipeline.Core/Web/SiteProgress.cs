namespace Pipeline.Core.Web;

/// <summary>The steps of a site publish that report progress.</summary>
public enum SitePhase
{
    /// <summary>Uploading the files of a release.</summary>
    Upload,

    /// <summary>Server-side copies from a release to the live site.</summary>
    Copy,

    /// <summary>Deleting live objects the release does not have.</summary>
    Delete,
}

/// <summary>Something a site publish reports as it goes; the callback is never called concurrently.</summary>
public abstract record SiteProgress;

/// <summary>What a phase is about to do. <paramref name="Bytes"/> is what will be transferred or copied.</summary>
public sealed record SitePhasePlanned(SitePhase Phase, int Files, long Bytes) : SiteProgress;

/// <summary>One file of a phase is done.</summary>
public sealed record SiteFileDone(SitePhase Phase, string Path, long Bytes) : SiteProgress;

/// <summary>An S3 request failed transiently and is tried again after <paramref name="Delay"/>.</summary>
public sealed record SiteRequestRetried(string Operation, string Key, int Attempt, TimeSpan Delay, string Reason) : SiteProgress;

/// <summary>A phase has finished.</summary>
public sealed record SitePhaseFinished(SitePhase Phase, int Files, long Bytes, int Retries, TimeSpan Elapsed) : SiteProgress;
