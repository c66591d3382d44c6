namespace Pipeline.Core.Web;

/// <summary>A file the release step uploads (or, in a dry run, would upload).</summary>
public sealed record PlannedUpload(string Path, long Size, bool Multipart);

/// <summary>
/// A release file with the same content as a file an earlier release stores: the new release refers to those bytes
/// (<paramref name="StoredAt"/>, "&lt;version&gt;/&lt;path&gt;" under releases/) instead of uploading or copying them.
/// </summary>
public sealed record ReusedFile(string Path, string FromVersion, string StoredAt, long Size);

/// <summary>A live object the publish step copies from the release (or, in a dry run, would copy).</summary>
public sealed record PlannedCopy(string Path, long Size, string ContentType, string CacheControl, bool IsNew)
{
    public bool IsHtml => ContentTypeTable.IsHtml(ContentType);
}

/// <summary>
/// What the release step did. <paramref name="AlreadyComplete"/> means the release was stored before with the same
/// files, so nothing was sent. In a dry run <paramref name="Uploads"/> and <paramref name="Reused"/> are the plan and
/// nothing was written.
/// </summary>
public sealed record ReleaseUploadResult(
    string Version,
    bool DryRun,
    bool AlreadyComplete,
    int FilesInRelease,
    IReadOnlyList<PlannedUpload> Uploads,
    IReadOnlyList<ReusedFile> Reused,
    long BytesUploaded,
    int Requests,
    int Retries)
{
    public long PlannedBytes => Uploads.Sum(u => u.Size);
}

/// <summary>
/// What the live step did, in the order it did it. <paramref name="ChangedPaths"/> are the live paths to invalidate
/// ("/" + path, relative to the site prefix): copied and deleted ones. In a dry run everything is the plan.
/// </summary>
public sealed record LivePublishResult(
    string Version,
    bool DryRun,
    string? PreviousVersion,
    IReadOnlyList<PlannedCopy> Copies,
    IReadOnlyList<string> Deletes,
    IReadOnlyList<string> ChangedPaths,
    long BytesCopied,
    int Requests,
    int Retries)
{
    public IReadOnlyList<string> Copied => Copies.Select(c => c.Path).ToList();

    /// <summary>The live step never uploads: every byte comes from a server-side copy.</summary>
    public long BytesUploaded => 0;
}

/// <summary>A release upload followed by its live publish.</summary>
public sealed record SiteDeployResult(ReleaseUploadResult Release, LivePublishResult Live)
{
    public int Requests => Release.Requests + Live.Requests;
}
