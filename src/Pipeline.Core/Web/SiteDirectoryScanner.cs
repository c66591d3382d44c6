using System.Collections.Concurrent;

namespace Pipeline.Core.Web;

/// <summary>Reads a built site directory into the manifest of a release: every file with its MD5, expected ETag and headers.</summary>
public static class SiteDirectoryScanner
{
    public static async Task<ReleaseManifest> ScanAsync(
        string version, string directory, SitePublishOptions options, ContentTypeTable contentTypes, CacheControlPolicy cacheControl, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(directory))
        {
            throw new SitePublishException($"Site directory {directory} does not exist; expected the built site (e.g. a release's wwwroot).");
        }

        var root = Path.GetFullPath(directory);
        var files = Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Select(file => (File: file, Path: Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/')))
            .ToList();
        if (files.Count == 0)
        {
            throw new SitePublishException($"Site directory {root} has no files; expected the built site.");
        }

        if (files.FirstOrDefault(f => SiteLayout.IsReserved(f.Path)) is { File: not null } reserved)
        {
            throw new SitePublishException(
                $"Site file {reserved.Path} in {root} would collide with the release store; paths under '{SiteLayout.ReleasesFolder}' and '{SiteLayout.LiveMarkerName}' are reserved.");
        }

        var entries = new ConcurrentDictionary<string, ReleaseFile>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(
            files,
            new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = cancellationToken },
            async (file, token) =>
            {
                var (md5, etag) = await ObjectETag.ComputeAsync(file.File, options.MultipartThreshold, token).ConfigureAwait(false);
                var contentType = contentTypes.For(file.Path);
                entries[file.Path] = new ReleaseFile(md5, new FileInfo(file.File).Length, etag, contentType, cacheControl.For(file.Path, contentType));
            }).ConfigureAwait(false);

        return new ReleaseManifest(version, options.MultipartThreshold, DateTimeOffset.UtcNow, new SortedDictionary<string, ReleaseFile>(entries, StringComparer.Ordinal));
    }
}
