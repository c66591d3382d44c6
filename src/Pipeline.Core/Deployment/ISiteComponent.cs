namespace Pipeline.Core.Deployment;

/// <summary>
/// The web front end as a deploy component: a release is staged (uploaded, nothing live changes), then
/// published live in one pass; publishing a kept release again is how it is rolled back.
/// </summary>
public interface ISiteComponent
{
    /// <summary>Where the site is published, for messages (bucket, prefix, distribution).</summary>
    string Description { get; }

    /// <summary>The directory inside an unpacked release that holds the front end.</summary>
    string SourceIn(string releaseDirectory);

    /// <summary>The release the live site was last published from, or null when nothing was.</summary>
    Task<string?> LiveVersionAsync(CancellationToken cancellationToken = default);

    /// <summary>Versions whose release is kept in the bucket and can be published again.</summary>
    Task<IReadOnlyList<string>> KeptVersionsAsync(CancellationToken cancellationToken = default);

    /// <summary>Uploads release <paramref name="version"/> once; the live site does not change.</summary>
    Task StageAsync(string version, string siteDirectory, CancellationToken cancellationToken = default);

    /// <summary>Makes the live site release <paramref name="version"/> and invalidates what changed.</summary>
    Task PublishAsync(string version, CancellationToken cancellationToken = default);

    /// <summary>What staging and publishing <paramref name="version"/> would do, without doing it.</summary>
    Task<IReadOnlyList<string>> PlanAsync(string version, string siteDirectory, CancellationToken cancellationToken = default);
}
